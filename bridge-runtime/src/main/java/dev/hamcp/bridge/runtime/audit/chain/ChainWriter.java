package dev.hamcp.bridge.runtime.audit.chain;

import dev.hamcp.bridge.runtime.audit.chain.ChainRules.StoredRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import javax.sql.DataSource;

/**
 * Appends the event store's committed rows to the chain, in global order, one batch per call of
 * {@link #chainOnce}, in a transaction of its own (never a command's). A position that no
 * committed row holds while a later one exists is waited for up to the gap timeout, then chained
 * as a gap, so a row that turns up there later is an insertion the verifier names. Only the node
 * that holds the lock row chains a batch; the others find it taken and stand by. Needs nothing
 * but a {@link DataSource}, so a benchmark can drive it directly.
 */
public final class ChainWriter {

    /** What one call did. {@code standby}: another node holds the lock and chains instead. */
    public record Progress(boolean standby, int events, int gaps, long headPosition) {

        boolean full(int batchSize) {
            return events + gaps >= batchSize;
        }
    }

    /** Events committed but not yet chained, and how long the oldest of them has waited. */
    public record Lag(long events, Duration behind) {

        static final Lag NONE = new Lag(0, Duration.ZERO);
    }

    private static final String ROWS = """
            SELECT global_index, aggregate_identifier, sequence_number, type, event_identifier,
                   payload_type, payload_revision, payload, meta_data, time_stamp
            FROM domain_event_entry WHERE global_index > ? ORDER BY global_index LIMIT ?""";
    private static final String INSERT = """
            INSERT INTO audit_chain_entry
                (leaf_index, kind, first_position, last_position, row_digest, chain_hash, leaf_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?)""";
    private static final int LAG_COUNT_LIMIT = 1_000_000;

    private final DataSource dataSource;
    private final Duration gapTimeout;
    private final int batchSize;
    private final LongSupplier nanoTime;
    private final Clock clock;

    /** The first missing position being waited for, and since when (this node's clock). */
    private long waitingFor = -1;

    private long waitingSince;

    public ChainWriter(DataSource dataSource, Duration gapTimeout, int batchSize) {
        this(dataSource, gapTimeout, batchSize, System::nanoTime, Clock.systemUTC());
    }

    ChainWriter(DataSource dataSource, Duration gapTimeout, int batchSize, LongSupplier nanoTime, Clock clock) {
        this.dataSource = dataSource;
        this.gapTimeout = gapTimeout;
        this.batchSize = batchSize;
        this.nanoTime = nanoTime;
        this.clock = clock;
    }

    /** Chains what it can of the next batch; not thread-safe (one writer thread per node). */
    public Progress chainOnce() throws SQLException {
        try (var connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                var progress = chain(connection);
                connection.commit();
                return progress;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** The chain's lag behind the event store, as this node sees it now. */
    public Lag lag() throws SQLException {
        try (var connection = dataSource.getConnection()) {
            long head = head(connection).lastPosition();
            long events;
            try (var count = connection.prepareStatement(
                    "SELECT count(*) FROM (SELECT 1 FROM domain_event_entry WHERE global_index > ? LIMIT ?) unchained")) {
                count.setLong(1, head);
                count.setInt(2, LAG_COUNT_LIMIT);
                try (var result = count.executeQuery()) {
                    result.next();
                    events = result.getLong(1);
                }
            }
            if (events == 0) {
                return Lag.NONE;
            }
            try (var oldest = connection.prepareStatement(
                    "SELECT time_stamp FROM domain_event_entry WHERE global_index > ? ORDER BY global_index LIMIT 1")) {
                oldest.setLong(1, head);
                try (var result = oldest.executeQuery()) {
                    return new Lag(events, result.next() ? behind(result.getString(1)) : Duration.ZERO);
                }
            }
        }
    }

    private Progress chain(Connection connection) throws SQLException {
        if (!lock(connection)) {
            return new Progress(true, 0, 0, -1);
        }
        Head head = head(connection);
        var rows = rowsAfter(connection, head.lastPosition());
        long next = head.lastPosition() + 1;
        long leafIndex = head.leafIndex() + 1;
        byte[] previous = head.chainHash();
        int events = 0;
        int gaps = 0;
        try (var insert = connection.prepareStatement(INSERT)) {
            for (StoredRow row : rows) {
                if (row.globalIndex() > next) {
                    if (!gapTimedOut(next)) {
                        break;
                    }
                    long last = row.globalIndex() - 1;
                    byte[] hash = ChainRules.gapHash(previous, next, last);
                    add(
                            insert,
                            leafIndex++,
                            ChainRules.GAP,
                            next,
                            last,
                            null,
                            hash,
                            ChainRules.gapLeaf(next, last, hash));
                    previous = hash;
                    gaps++;
                }
                byte[] digest = ChainRules.rowDigest(row);
                long position = row.globalIndex();
                byte[] hash = ChainRules.eventHash(previous, position, digest);
                add(
                        insert,
                        leafIndex++,
                        ChainRules.EVENT,
                        position,
                        position,
                        digest,
                        hash,
                        ChainRules.eventLeaf(position, digest, hash));
                previous = hash;
                next = position + 1;
                events++;
            }
            if (events + gaps > 0) {
                insert.executeBatch();
            }
        }
        return new Progress(false, events, gaps, next - 1);
    }

    /** The lock row, or nothing when another node's batch holds it. */
    private static boolean lock(Connection connection) throws SQLException {
        try (var statement = connection.prepareStatement(
                        "SELECT id FROM audit_chain_lock WHERE id = 1 FOR UPDATE SKIP LOCKED");
                var result = statement.executeQuery()) {
            return result.next();
        }
    }

    private boolean gapTimedOut(long missing) {
        long now = nanoTime.getAsLong();
        if (waitingFor != missing) {
            waitingFor = missing;
            waitingSince = now;
        }
        return now - waitingSince >= gapTimeout.toNanos();
    }

    private List<StoredRow> rowsAfter(Connection connection, long position) throws SQLException {
        try (var statement = connection.prepareStatement(ROWS)) {
            statement.setLong(1, position);
            statement.setInt(2, batchSize);
            try (var result = statement.executeQuery()) {
                var rows = new ArrayList<StoredRow>();
                while (result.next()) {
                    rows.add(row(result));
                }
                return rows;
            }
        }
    }

    private static StoredRow row(ResultSet result) throws SQLException {
        return new StoredRow(
                result.getLong(1),
                result.getString(2),
                result.getLong(3),
                result.getString(4),
                result.getString(5),
                result.getString(6),
                result.getString(7),
                result.getBytes(8),
                result.getBytes(9),
                result.getString(10));
    }

    private static void add(
            PreparedStatement insert,
            long leafIndex,
            byte kind,
            long first,
            long last,
            byte[] digest,
            byte[] hash,
            byte[] leaf)
            throws SQLException {
        insert.setLong(1, leafIndex);
        insert.setString(2, String.valueOf((char) kind));
        insert.setLong(3, first);
        insert.setLong(4, last);
        insert.setBytes(5, digest);
        insert.setBytes(6, hash);
        insert.setBytes(7, ChainRules.leafHash(leaf));
        insert.addBatch();
    }

    /** The last entry: its leaf index, last position and chain hash (before the first: -1, 0, genesis). */
    record Head(long leafIndex, long lastPosition, byte[] chainHash) {}

    static Head head(Connection connection) throws SQLException {
        try (var statement = connection.prepareStatement(
                        "SELECT leaf_index, last_position, chain_hash FROM audit_chain_entry ORDER BY leaf_index DESC LIMIT 1");
                var result = statement.executeQuery()) {
            return result.next()
                    ? new Head(result.getLong(1), result.getLong(2), result.getBytes(3))
                    : new Head(-1, 0, ChainRules.GENESIS);
        }
    }

    private Duration behind(String timeStamp) {
        try {
            Duration behind = Duration.between(Instant.parse(timeStamp), clock.instant());
            return behind.isNegative() ? Duration.ZERO : behind;
        } catch (DateTimeParseException e) {
            return Duration.ZERO;
        }
    }
}
