package dev.hamcp.bridge.runtime.audit.verify;

import dev.hamcp.bridge.runtime.audit.chain.ChainRules;
import dev.hamcp.bridge.runtime.audit.chain.ChainRules.StoredRow;
import dev.hamcp.bridge.runtime.audit.verify.VerificationReport.Break;
import dev.hamcp.bridge.runtime.audit.verify.VerificationReport.Kind;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import javax.sql.DataSource;

/**
 * Walks the whole chain against the event store's rows, in one consistent snapshot, recomputing
 * every hash from the rows with its own code (only {@link ChainRules} is shared with the writer),
 * and checks every signed checkpoint against the chain so recomputed. Reports the first break by
 * position and kind. Needs nothing but a {@link DataSource}, so a benchmark can drive it directly.
 *
 * <p>Both tables are read once, in order, through cursors: memory stays flat whatever the
 * history's length.
 */
public final class ChainVerifier {

    private static final int FETCH_SIZE = 2_000;
    private static final String ROWS = """
            SELECT global_index, aggregate_identifier, sequence_number, type, event_identifier,
                   payload_type, payload_revision, payload, meta_data, time_stamp
            FROM domain_event_entry ORDER BY global_index""";
    private static final String ENTRIES = """
            SELECT leaf_index, kind, first_position, last_position, row_digest, chain_hash, leaf_hash
            FROM audit_chain_entry ORDER BY leaf_index""";
    private static final String CHECKPOINTS = """
            SELECT tree_size, root_hash, head_hash, head_position, issued_at, key_id, signature
            FROM audit_checkpoint ORDER BY tree_size""";

    private final DataSource dataSource;
    private final PublicKey checkpointKey;
    private final String checkpointKeyId;

    /** @param checkpointKey the key this installation signs checkpoints with */
    public ChainVerifier(DataSource dataSource, PublicKey checkpointKey) {
        this.dataSource = dataSource;
        this.checkpointKey = checkpointKey;
        this.checkpointKeyId = ChainRules.keyId(checkpointKey);
    }

    public VerificationReport verify() throws SQLException {
        long started = System.nanoTime();
        try (var connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                var walk = new Walk(checkpoints(connection));
                try (var rows = cursor(connection, ROWS);
                        var entries = cursor(connection, ENTRIES)) {
                    walk.run(new Rows(rows), entries);
                }
                walk.remainingCheckpoints();
                return walk.report((System.nanoTime() - started) / 1_000_000);
            } finally {
                connection.rollback();
            }
        }
    }

    private static ResultSet cursor(Connection connection, String sql) throws SQLException {
        var statement = connection.prepareStatement(sql);
        statement.setFetchSize(FETCH_SIZE);
        statement.closeOnCompletion();
        return statement.executeQuery();
    }

    private record SignedCheckpoint(
            long treeSize,
            byte[] rootHash,
            byte[] headHash,
            long headPosition,
            Instant issuedAt,
            String keyId,
            byte[] signature) {}

    private static Deque<SignedCheckpoint> checkpoints(Connection connection) throws SQLException {
        var found = new ArrayDeque<SignedCheckpoint>();
        try (var statement = connection.prepareStatement(CHECKPOINTS);
                var result = statement.executeQuery()) {
            while (result.next()) {
                found.add(new SignedCheckpoint(
                        result.getLong(1),
                        result.getBytes(2),
                        result.getBytes(3),
                        result.getLong(4),
                        result.getObject(5, OffsetDateTime.class).toInstant(),
                        result.getString(6),
                        result.getBytes(7)));
            }
        }
        return found;
    }

    /** The store's rows in position order, one looked ahead. */
    private static final class Rows {

        private final ResultSet result;
        private StoredRow next;

        Rows(ResultSet result) throws SQLException {
            this.result = result;
            advance();
        }

        StoredRow peek() {
            return next;
        }

        void advance() throws SQLException {
            next = result.next()
                    ? new StoredRow(
                            result.getLong(1),
                            result.getString(2),
                            result.getLong(3),
                            result.getString(4),
                            result.getString(5),
                            result.getString(6),
                            result.getString(7),
                            result.getBytes(8),
                            result.getBytes(9),
                            result.getString(10))
                    : null;
        }
    }

    /** One walk's state: the chain recomputed from the rows, and what it found. */
    private final class Walk {

        private final Deque<SignedCheckpoint> checkpoints;
        private final RootAccumulator tree = new RootAccumulator();
        private byte[] previous = ChainRules.GENESIS;
        private long expectedPosition = 1;
        private long events;
        private long gaps;
        private long checkpointsChecked;
        private long otherKeys;
        private long unchained;
        private Break firstBreak;
        /** After an edit at {@code suspect}: the digests to look for further on, to tell a reordering. */
        private long suspect;

        private byte[] suspectRowDigest;
        private byte[] suspectChainedDigest;

        Walk(Deque<SignedCheckpoint> checkpoints) {
            this.checkpoints = checkpoints;
        }

        void run(Rows rows, ResultSet entries) throws SQLException {
            while (entries.next()) {
                long leafIndex = entries.getLong(1);
                char kind = entries.getString(2).charAt(0);
                long first = entries.getLong(3);
                long last = entries.getLong(4);
                byte[] storedDigest = entries.getBytes(5);
                byte[] storedHash = entries.getBytes(6);
                byte[] storedLeafHash = entries.getBytes(7);
                if (leafIndex != tree.size() || first != expectedPosition || last < first) {
                    found(first, Kind.CHAIN_ALTERED, null, "chain entries do not follow each other");
                    return;
                }
                uncovered(rows, first);
                byte[] hash;
                byte[] leaf;
                if (kind == 'E') {
                    byte[] digest = event(rows, first, storedDigest);
                    hash = ChainRules.eventHash(previous, first, digest);
                    leaf = ChainRules.eventLeaf(first, digest, hash);
                    events++;
                } else if (kind == 'G') {
                    gap(rows, first, last);
                    hash = ChainRules.gapHash(previous, first, last);
                    leaf = ChainRules.gapLeaf(first, last, hash);
                    gaps++;
                } else {
                    found(first, Kind.CHAIN_ALTERED, null, "unknown entry kind");
                    return;
                }
                byte[] leafHash = ChainRules.leafHash(leaf);
                if (firstBreak == null
                        && !(Arrays.equals(hash, storedHash) && Arrays.equals(leafHash, storedLeafHash))) {
                    found(first, Kind.CHAIN_ALTERED, null, "the chain's hash at this position was changed");
                }
                previous = hash;
                expectedPosition = last + 1;
                tree.add(leafHash);
                checkpointsAt(last, hash);
                if (firstBreak != null && suspectRowDigest == null) {
                    return;
                }
            }
            if (suspectRowDigest != null) {
                suspectRowDigest = null;
                return;
            }
            while (rows.peek() != null) {
                unchained++;
                rows.advance();
            }
        }

        /** Checks the row at an event's position; answers the digest of what is there (the chained one if none). */
        private byte[] event(Rows rows, long position, byte[] storedDigest) throws SQLException {
            StoredRow row = rows.peek();
            if (row == null || row.globalIndex() != position) {
                found(position, Kind.DELETED, null, "the chain holds an event here, the store no row");
                return storedDigest;
            }
            rows.advance();
            byte[] digest = ChainRules.rowDigest(row);
            if (suspectRowDigest != null
                    && Arrays.equals(storedDigest, suspectRowDigest)
                    && Arrays.equals(digest, suspectChainedDigest)) {
                firstBreak =
                        new Break(suspect, Kind.REORDERED, position, "the rows at these two positions were swapped");
                suspectRowDigest = null;
            } else if (!Arrays.equals(digest, storedDigest)) {
                if (found(position, Kind.EDITED, null, "the row differs from the one chained here")) {
                    suspect = position;
                    suspectRowDigest = digest;
                    suspectChainedDigest = storedDigest;
                }
            }
            return digest;
        }

        /** Rows below the next entry's position: only below the chain's first position, which no entry covers. */
        private void uncovered(Rows rows, long next) throws SQLException {
            while (rows.peek() != null && rows.peek().globalIndex() < next) {
                found(rows.peek().globalIndex(), Kind.INSERTED, null, "a row before the chain's first position");
                rows.advance();
            }
        }

        private void gap(Rows rows, long first, long last) throws SQLException {
            StoredRow row = rows.peek();
            if (row != null && row.globalIndex() <= last) {
                found(row.globalIndex(), Kind.INSERTED, null, "a row at a position the chain recorded as a gap");
            }
            while (rows.peek() != null && rows.peek().globalIndex() <= last) {
                rows.advance();
            }
        }

        private void checkpointsAt(long headPosition, byte[] headHash) {
            while (!checkpoints.isEmpty() && checkpoints.peek().treeSize() == tree.size()) {
                var checkpoint = checkpoints.pop();
                checkpointsChecked++;
                String problem = problemOf(checkpoint, headPosition, headHash);
                if (problem != null) {
                    found(checkpoint.headPosition(), Kind.CHECKPOINT_MISMATCH, null, problem);
                }
            }
        }

        void remainingCheckpoints() {
            if (firstBreak == null && !checkpoints.isEmpty()) {
                var checkpoint = checkpoints.peek();
                found(
                        checkpoint.headPosition(),
                        Kind.CHECKPOINT_MISMATCH,
                        null,
                        "a checkpoint signs " + checkpoint.treeSize() + " entries, the chain holds " + tree.size());
            }
        }

        private String problemOf(SignedCheckpoint checkpoint, long headPosition, byte[] headHash) {
            if (!Arrays.equals(checkpoint.rootHash(), tree.root())) {
                return "the checkpoint's root differs from the chain's";
            }
            if (!Arrays.equals(checkpoint.headHash(), headHash) || checkpoint.headPosition() != headPosition) {
                return "the checkpoint's head differs from the chain's";
            }
            if (!checkpointKeyId.equals(checkpoint.keyId())) {
                otherKeys++;
                return null;
            }
            String text = ChainRules.checkpointText(
                    checkpoint.treeSize(),
                    checkpoint.rootHash(),
                    checkpoint.headHash(),
                    checkpoint.headPosition(),
                    checkpoint.issuedAt());
            return signatureHolds(text, checkpoint.signature()) ? null : "the checkpoint's signature does not verify";
        }

        private boolean signatureHolds(String text, byte[] signature) {
            try {
                var verifier = Signature.getInstance("Ed25519");
                verifier.initVerify(checkpointKey);
                verifier.update(text.getBytes(StandardCharsets.UTF_8));
                return verifier.verify(signature);
            } catch (GeneralSecurityException e) {
                return false;
            }
        }

        /** Records the break if it is the first; answers whether it was. */
        private boolean found(long position, Kind kind, Long other, String detail) {
            if (firstBreak != null) {
                return false;
            }
            firstBreak = new Break(position, kind, other, detail);
            return true;
        }

        VerificationReport report(long tookMillis) {
            return new VerificationReport(
                    firstBreak == null,
                    events + gaps,
                    events,
                    gaps,
                    expectedPosition - 1,
                    unchained,
                    checkpointsChecked,
                    otherKeys,
                    firstBreak,
                    tookMillis);
        }
    }
}
