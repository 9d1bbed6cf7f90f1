package dev.hamcp.bridge.runtime.audit.chain;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * Makes, stores and reads the signed checkpoints of the chain, and answers proofs against them.
 * One checkpoint per tree size: nodes that make one at the same size keep the first.
 */
public final class Checkpoints {

    /** Who asked for an on-demand checkpoint, for the record. */
    public record Requester(String userId, String clientIp, String correlationId, String reason) {}

    /** An entry of the chain, as a proof names it. */
    public record Entry(
            long leafIndex, char kind, long firstPosition, long lastPosition, byte[] rowDigest, byte[] chainHash) {

        public byte[] leaf() {
            return kind == ChainRules.EVENT
                    ? ChainRules.eventLeaf(firstPosition, rowDigest, chainHash)
                    : ChainRules.gapLeaf(firstPosition, lastPosition, chainHash);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);
    private static final String COLUMNS =
            "tree_size, root_hash, head_hash, head_position, issued_at, key_id, signature, requested_by";
    private static final RowMapper<Checkpoint> CHECKPOINT = (row, n) -> new Checkpoint(
            row.getLong(1),
            row.getBytes(2),
            row.getBytes(3),
            row.getLong(4),
            row.getObject(5, OffsetDateTime.class).toInstant(),
            row.getString(6),
            row.getBytes(7),
            row.getString(8));
    private static final RowMapper<Entry> ENTRY = (row, n) -> new Entry(
            row.getLong(1),
            row.getString(2).charAt(0),
            row.getLong(3),
            row.getLong(4),
            row.getBytes(5),
            row.getBytes(6));

    private final JdbcTemplate jdbc;
    private final MerkleTree tree;
    private final CheckpointKey key;
    private final Clock clock;

    public Checkpoints(JdbcTemplate jdbc, MerkleTree tree, CheckpointKey key, Clock clock) {
        this.jdbc = jdbc;
        this.tree = tree;
        this.key = key;
        this.clock = clock;
    }

    /** For benchmarks and tools: the checkpoints of the chain in {@code dataSource}, signed with {@code key}. */
    public static Checkpoints over(DataSource dataSource, CheckpointKey key) {
        return new Checkpoints(
                new JdbcTemplate(dataSource), new MerkleTree(new JdbcLeaves(dataSource)), key, Clock.systemUTC());
    }

    /** How many entries the chain holds: the size of the largest tree a checkpoint can sign now. */
    public long chainSize() {
        return jdbc.queryForObject("SELECT coalesce(max(leaf_index) + 1, 0) FROM audit_chain_entry", Long.class);
    }

    public Optional<Checkpoint> latest() {
        return first(
                jdbc.query("SELECT " + COLUMNS + " FROM audit_checkpoint ORDER BY tree_size DESC LIMIT 1", CHECKPOINT));
    }

    public Optional<Checkpoint> at(long treeSize) {
        return first(
                jdbc.query("SELECT " + COLUMNS + " FROM audit_checkpoint WHERE tree_size = ?", CHECKPOINT, treeSize));
    }

    /**
     * The checkpoint of the whole chain as it is now, made now unless one of that size exists;
     * empty while the chain is empty. {@code requester} is null for the schedule.
     */
    public Optional<Checkpoint> checkpointNow(Requester requester) {
        long size = chainSize();
        if (size == 0) {
            return Optional.empty();
        }
        var existing = at(size);
        if (existing.isPresent()) {
            return existing;
        }
        Entry head = entryAt(size - 1);
        var issuedAt = ChainRules.signedTime(clock.instant());
        byte[] root = tree.root(size);
        var unsigned =
                new Checkpoint(size, root, head.chainHash(), head.lastPosition(), issuedAt, key.keyId(), null, null);
        byte[] signature = key.sign(unsigned.signedText());
        int inserted = jdbc.update(
                """
                INSERT INTO audit_checkpoint (tree_size, root_hash, head_hash, head_position, issued_at, key_id, signature,
                                              requested_by, client_ip, correlation_id, reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tree_size) DO NOTHING""",
                size,
                root,
                head.chainHash(),
                head.lastPosition(),
                OffsetDateTime.ofInstant(issuedAt, ZoneOffset.UTC),
                key.keyId(),
                signature,
                requester == null ? null : requester.userId(),
                requester == null ? null : requester.clientIp(),
                requester == null ? null : requester.correlationId(),
                requester == null ? null : requester.reason());
        if (inserted == 1) {
            log.info("Signed audit checkpoint of {} entries up to position {}", size, head.lastPosition());
        }
        return at(size);
    }

    /** The scheduled checkpoint: only when the chain grew since the latest one. */
    void checkpointIfGrown() {
        long size = chainSize();
        if (size > 0 && latest().map(Checkpoint::treeSize).orElse(0L) < size) {
            checkpointNow(null);
        }
    }

    /** The entry that covers {@code position} (an event's, or the gap's that holds it). */
    public Optional<Entry> entryCovering(long position) {
        return first(jdbc.query(
                        "SELECT leaf_index, kind, first_position, last_position, row_digest, chain_hash FROM audit_chain_entry"
                                + " WHERE first_position <= ? ORDER BY first_position DESC LIMIT 1",
                        ENTRY,
                        position))
                .filter(entry -> entry.lastPosition() >= position);
    }

    public Entry entryAt(long leafIndex) {
        return jdbc.queryForObject(
                "SELECT leaf_index, kind, first_position, last_position, row_digest, chain_hash FROM audit_chain_entry"
                        + " WHERE leaf_index = ?",
                ENTRY,
                leafIndex);
    }

    public MerkleTree tree() {
        return tree;
    }

    public CheckpointKey key() {
        return key;
    }

    private static <T> Optional<T> first(List<T> found) {
        return found.stream().findFirst();
    }
}
