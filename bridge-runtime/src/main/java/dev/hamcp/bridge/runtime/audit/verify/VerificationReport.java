package dev.hamcp.bridge.runtime.audit.verify;

/**
 * What a walk of the whole chain found: {@code intact}, or the first break by position and kind.
 *
 * @param entries chain entries checked ({@code events} + {@code gaps})
 * @param headPosition the last position the chain covers
 * @param unchained rows after the head, not chained yet (normal for a few seconds after a commit)
 * @param checkpoints signed checkpoints checked against the chain (signature, root, head)
 * @param checkpointsOfOtherKeys checkpoints signed by a key this node does not hold (root and head still checked)
 * @param firstBreak null when intact
 */
public record VerificationReport(
        boolean intact,
        long entries,
        long events,
        long gaps,
        long headPosition,
        long unchained,
        long checkpoints,
        long checkpointsOfOtherKeys,
        Break firstBreak,
        long tookMillis) {

    /** How a break shows itself. */
    public enum Kind {
        /** The row at the position is not the row that was chained there. */
        EDITED,
        /** The chain has an event at the position, the store no row. */
        DELETED,
        /** A row at a position the chain recorded as a gap. */
        INSERTED,
        /** The rows at {@code position} and {@code otherPosition} were chained the other way round. */
        REORDERED,
        /** The chain's own table was changed: an entry's hash, leaf or order does not follow from the rules. */
        CHAIN_ALTERED,
        /** A signed checkpoint does not match the chain, or its signature does not verify. */
        CHECKPOINT_MISMATCH
    }

    /** The first break: the position it is at, what it is, and for a reordering the other position. */
    public record Break(long position, Kind kind, Long otherPosition, String detail) {}
}
