package dev.hamcp.bridge.runtime.backup;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The layout of a backup archive (docs/backup.md): a magic and a version, then one section per
 * table (a table record, its rows, an end record), then the manifest and its Ed25519 signature.
 * Every record is a tag byte, a 4-byte big-endian length and that many bytes; a row is its
 * columns in order, each a 4-byte length (-1 for SQL NULL) and the column's stored bytes (bytea
 * as it is, every other type as PostgreSQL's text for it, in UTC).
 */
final class BackupFormat {

    static final byte[] MAGIC = "HAMCPBAK".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final String FORMAT = "ha-mcp-bridge-backup";
    /** What the archive's signature covers: this line, then the manifest's bytes exactly. */
    static final String SIGNED_HEADER = "ha-mcp-bridge backup manifest v1\n";

    static final byte TABLE = 'T';
    static final byte ROW = 'R';
    static final byte END = 'X';
    static final byte MANIFEST = 'M';
    static final byte SIGNATURE = 'S';
    /** No record of a sane archive comes near this; a larger length is damage, not data. */
    static final int MAX_RECORD = 256 * 1024 * 1024;

    private BackupFormat() {}

    /** Which rows of a table the archive holds: all, those up to the checkpoint's head position, or its tree size. */
    enum Bound {
        ALL,
        HEAD_POSITION,
        TREE_SIZE
    }

    /**
     * One section: a table, its columns in order (those holding bytea named), which rows, in which
     * order. The condition and the order name columns through the alias {@code t}: the select
     * reads every column as text under its own name, and a bare name would sort that text.
     */
    record Table(String name, List<String> columns, Set<String> binary, Bound bound, String where, String order) {

        String insert() {
            return "INSERT INTO " + name + " (" + String.join(", ", columns) + ") VALUES ("
                    + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
        }

        boolean isBinary(int column) {
            return binary.contains(columns.get(column));
        }
    }

    static final Table EVENTS = new Table(
            "domain_event_entry",
            List.of(
                    "global_index",
                    "aggregate_identifier",
                    "sequence_number",
                    "type",
                    "event_identifier",
                    "meta_data",
                    "payload",
                    "payload_revision",
                    "payload_type",
                    "time_stamp"),
            Set.of("meta_data", "payload"),
            Bound.HEAD_POSITION,
            "t.global_index <= ?",
            "t.global_index");

    /** Only snapshots of events the archive holds: a later one would put state from after the cut into an aggregate. */
    static final Table SNAPSHOTS = new Table(
            "snapshot_event_entry",
            List.of(
                    "aggregate_identifier",
                    "sequence_number",
                    "type",
                    "event_identifier",
                    "meta_data",
                    "payload",
                    "payload_revision",
                    "payload_type",
                    "time_stamp"),
            Set.of("meta_data", "payload"),
            Bound.HEAD_POSITION,
            "EXISTS (SELECT 1 FROM domain_event_entry e WHERE e.aggregate_identifier = t.aggregate_identifier"
                    + " AND e.sequence_number = t.sequence_number AND e.global_index <= ?)",
            "t.aggregate_identifier, t.sequence_number");

    /** Wrapped data keys, tombstones of shredded ones included: the master key that opens them is never here. */
    static final Table DATA_KEYS = new Table(
            "data_key",
            List.of(
                    "owner_id",
                    "key_id",
                    "master_key_id",
                    "nonce",
                    "wrapped_key",
                    "created_at",
                    "rewrapped_at",
                    "destroyed_at"),
            Set.of("nonce", "wrapped_key"),
            Bound.ALL,
            null,
            "t.owner_id");

    static final Table CHAIN = new Table(
            "audit_chain_entry",
            List.of(
                    "leaf_index",
                    "kind",
                    "first_position",
                    "last_position",
                    "row_digest",
                    "chain_hash",
                    "leaf_hash",
                    "chained_at"),
            Set.of("row_digest", "chain_hash", "leaf_hash"),
            Bound.TREE_SIZE,
            "t.leaf_index < ?",
            "t.leaf_index");

    static final Table CHECKPOINTS = new Table(
            "audit_checkpoint",
            List.of(
                    "tree_size",
                    "root_hash",
                    "head_hash",
                    "head_position",
                    "issued_at",
                    "key_id",
                    "signature",
                    "requested_by",
                    "client_ip",
                    "correlation_id",
                    "reason"),
            Set.of("root_hash", "head_hash", "signature"),
            Bound.TREE_SIZE,
            "t.tree_size <= ?",
            "t.tree_size");

    /** The sections, in the order the archive holds them and a restore loads them. */
    static final List<Table> TABLES = List.of(EVENTS, SNAPSHOTS, DATA_KEYS, CHAIN, CHECKPOINTS);
}
