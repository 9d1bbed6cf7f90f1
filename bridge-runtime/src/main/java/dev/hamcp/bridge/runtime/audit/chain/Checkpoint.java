package dev.hamcp.bridge.runtime.audit.chain;

import java.time.Instant;

/**
 * A signed tree head over the chain: the tree of its first {@code treeSize} entries, the chain
 * hash of the last of them and its position, signed with the installation's checkpoint key over
 * {@link ChainRules#checkpointText}. {@code requestedBy} is the administrator who asked for it
 * (null when the schedule made it); it is not signed.
 */
public record Checkpoint(
        long treeSize,
        byte[] rootHash,
        byte[] headHash,
        long headPosition,
        Instant issuedAt,
        String keyId,
        byte[] signature,
        String requestedBy) {

    /** The exact text the signature covers. */
    public String signedText() {
        return ChainRules.checkpointText(treeSize, rootHash, headHash, headPosition, issuedAt);
    }
}
