package dev.hamcp.bridge.runtime.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hamcp.bridge.runtime.audit.chain.ChainRules;
import dev.hamcp.bridge.runtime.audit.chain.ChainWriter;
import dev.hamcp.bridge.runtime.audit.chain.Checkpoint;
import dev.hamcp.bridge.runtime.audit.chain.CheckpointKey;
import dev.hamcp.bridge.runtime.audit.chain.Checkpoints;
import dev.hamcp.bridge.runtime.backup.BackupFormat.Table;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a backup archive of the event store while the bridge keeps serving: it first chains what
 * is committed and signs a checkpoint of the chain's head, then streams, from one repeatable-read
 * snapshot, every event up to that checkpoint, the snapshots of those events, the wrapped data
 * keys, the chain and its checkpoints, and ends with a manifest signed by the checkpoint key. Holds
 * one row in memory at a time. Needs nothing but a {@link DataSource} and the checkpoint key, so a
 * benchmark or the command line drives it directly.
 */
public final class BackupWriter {

    private static final Logger log = LoggerFactory.getLogger(BackupWriter.class);
    private static final int FETCH_SIZE = 1_000;
    private static final Duration CHAIN_WAIT_BEYOND_GAP_TIMEOUT = Duration.ofSeconds(10);
    static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;
    private final Checkpoints checkpoints;
    private final Duration gapTimeout;
    private final Clock clock;

    /** @param gapTimeout the chain's ({@code bridge.audit.chain.gap-timeout}): how long a gap is waited for */
    public BackupWriter(DataSource dataSource, Checkpoints checkpoints, Duration gapTimeout) {
        this.dataSource = dataSource;
        this.checkpoints = checkpoints;
        this.gapTimeout = gapTimeout;
        this.clock = Clock.systemUTC();
    }

    /** For benchmarks and tools: a writer on {@code dataSource} signing with {@code key}, the default gap timeout. */
    public static BackupWriter of(DataSource dataSource, CheckpointKey key) {
        return new BackupWriter(dataSource, Checkpoints.over(dataSource, key), Duration.ofSeconds(5));
    }

    /** Prepares and writes in one go: what the command line and benchmarks call. */
    public Manifest backup(OutputStream out, Checkpoints.Requester requester)
            throws SQLException, IOException, BackupRefused {
        return write(prepare(requester), out);
    }

    /**
     * Chains every event committed by now (waiting out a gap at most the gap timeout and a little
     * more) and signs a checkpoint of the chain's head, recording who asked for it: the point the
     * archive is cut at. Refused while the store is empty.
     */
    public Prepared prepare(Checkpoints.Requester requester) throws SQLException, BackupRefused {
        chainCommitted();
        var checkpoint = checkpoints
                .checkpointNow(requester)
                .orElseThrow(
                        () -> new BackupRefused("The event store holds no event yet: there is nothing to back up."));
        return new Prepared(checkpoint, record(requester, checkpoint));
    }

    /** A backup about to be written: the checkpoint it is cut at, and its row in {@code audit_backup}. */
    public record Prepared(Checkpoint checkpoint, long recordId) {}

    /** Who asked, from where and why, for every backup: two in a row share a checkpoint, not a record. */
    private long record(Checkpoints.Requester requester, Checkpoint checkpoint) throws SQLException {
        try (var connection = dataSource.getConnection();
                var insert = connection.prepareStatement("""
                        INSERT INTO audit_backup (started_at, requested_by, client_ip, correlation_id, reason,
                                                  tree_size, head_position)
                        VALUES (now(), ?, ?, ?, ?, ?, ?) RETURNING id""")) {
            insert.setString(1, requester.userId());
            insert.setString(2, requester.clientIp());
            insert.setString(3, requester.correlationId());
            insert.setString(4, requester.reason());
            insert.setLong(5, checkpoint.treeSize());
            insert.setLong(6, checkpoint.headPosition());
            try (var result = insert.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private void completed(long recordId, Manifest manifest, String sha256) throws SQLException {
        try (var connection = dataSource.getConnection();
                var update = connection.prepareStatement(
                        "UPDATE audit_backup SET completed_at = now(), events = ?, sha256 = ? WHERE id = ?")) {
            update.setLong(1, manifest.rows(BackupFormat.EVENTS.name()));
            update.setString(2, sha256);
            update.setLong(3, recordId);
            update.executeUpdate();
        }
    }

    /** Streams the archive prepared to {@code out} (not closed), records it completed, and answers its manifest. */
    public Manifest write(Prepared prepared, OutputStream out) throws SQLException, IOException {
        var counted = new DigestOutputStream(out, sha256());
        var manifest = write(prepared.checkpoint(), counted);
        completed(
                prepared.recordId(),
                manifest,
                HexFormat.of().formatHex(counted.getMessageDigest().digest()));
        return manifest;
    }

    private Manifest write(Checkpoint checkpoint, OutputStream out) throws SQLException, IOException {
        long started = System.nanoTime();
        try (var connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                try (var statement = connection.createStatement()) {
                    statement.execute("SET LOCAL TIME ZONE 'UTC'");
                }
                var manifest = new Archive(out).write(connection, checkpoint);
                log.info(
                        "Wrote a backup of {} events up to position {} in {} ms",
                        manifest.rows(BackupFormat.EVENTS.name()),
                        manifest.headPosition(),
                        (System.nanoTime() - started) / 1_000_000);
                return manifest;
            } finally {
                connection.rollback();
            }
        }
    }

    private void chainCommitted() throws SQLException {
        long target = single("SELECT coalesce(max(global_index), 0) FROM domain_event_entry");
        long deadline = System.nanoTime()
                + gapTimeout.plus(CHAIN_WAIT_BEYOND_GAP_TIMEOUT).toNanos();
        // A writer of its own, like another node's: the chain's lock row keeps it and this node's writer apart.
        var writer = new ChainWriter(dataSource, gapTimeout, 500);
        while (chainHead() < target) {
            if (System.nanoTime() > deadline) {
                log.warn("The audit chain did not reach position {} in time; the backup ends at its head", target);
                return;
            }
            var progress = writer.chainOnce();
            if (progress.standby() || progress.events() + progress.gaps() == 0) {
                sleep();
            }
        }
    }

    private long chainHead() throws SQLException {
        return single("SELECT coalesce(max(last_position), 0) FROM audit_chain_entry");
    }

    private long single(String sql) throws SQLException {
        try (var connection = dataSource.getConnection();
                var statement = connection.createStatement();
                var result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the audit chain");
        }
    }

    /** One archive being written: the output and the running hash of its body. */
    private final class Archive {

        private final DataOutputStream out;
        private final MessageDigest body = sha256();
        private final ByteArrayOutputStream row = new ByteArrayOutputStream(4_096);

        Archive(OutputStream out) {
            this.out = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
        }

        Manifest write(Connection connection, Checkpoint checkpoint) throws SQLException, IOException {
            out.write(BackupFormat.MAGIC);
            out.writeInt(BackupFormat.VERSION);
            body.update(BackupFormat.MAGIC);
            body.update(ByteBuffer.allocate(4).putInt(BackupFormat.VERSION).array());
            var sections = new ArrayList<Manifest.Section>();
            for (Table table : BackupFormat.TABLES) {
                sections.add(section(connection, table, checkpoint));
            }
            var manifest = new Manifest(
                    BackupFormat.FORMAT,
                    BackupFormat.VERSION,
                    bridgeVersion(),
                    clock.instant().toString(),
                    checkpoint.keyId(),
                    new Manifest.SignedCheckpoint(
                            checkpoint.treeSize(),
                            ChainRules.base64(checkpoint.rootHash()),
                            ChainRules.base64(checkpoint.headHash()),
                            checkpoint.headPosition(),
                            ChainRules.timeText(checkpoint.issuedAt()),
                            ChainRules.base64(checkpoint.signature())),
                    List.copyOf(sections),
                    HexFormat.of().formatHex(body.digest()));
            byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
            record(BackupFormat.MANIFEST, manifestBytes, null);
            String signed = BackupFormat.SIGNED_HEADER + new String(manifestBytes, StandardCharsets.UTF_8);
            record(BackupFormat.SIGNATURE, checkpoints.key().signBackupManifest(signed), null);
            out.flush();
            return manifest;
        }

        private Manifest.Section section(Connection connection, Table table, Checkpoint checkpoint)
                throws SQLException, IOException {
            row.reset();
            field(table.name().getBytes(StandardCharsets.UTF_8));
            for (String column : table.columns()) {
                field(column.getBytes(StandardCharsets.UTF_8));
            }
            record(BackupFormat.TABLE, row.toByteArray(), body);
            var digest = sha256();
            long rows = 0;
            try (var statement = connection.prepareStatement(BackupWriter.select(table))) {
                statement.setFetchSize(FETCH_SIZE);
                switch (table.bound()) {
                    case HEAD_POSITION -> statement.setLong(1, checkpoint.headPosition());
                    case TREE_SIZE -> statement.setLong(1, checkpoint.treeSize());
                    case ALL -> {}
                }
                try (ResultSet result = statement.executeQuery()) {
                    int columns = table.columns().size();
                    while (result.next()) {
                        row.reset();
                        for (int i = 0; i < columns; i++) {
                            field(table.isBinary(i) ? result.getBytes(i + 1) : utf8(result.getString(i + 1)));
                        }
                        byte[] payload = row.toByteArray();
                        record(BackupFormat.ROW, payload, body);
                        hash(digest, BackupFormat.ROW, payload);
                        rows++;
                    }
                }
            }
            record(BackupFormat.END, new byte[0], body);
            return new Manifest.Section(
                    table.name(), table.columns(), rows, HexFormat.of().formatHex(digest.digest()));
        }

        private void field(byte[] value) {
            int length = value == null ? -1 : value.length;
            row.write(length >>> 24);
            row.write(length >>> 16);
            row.write(length >>> 8);
            row.write(length);
            if (value != null) {
                row.writeBytes(value);
            }
        }

        private void record(byte tag, byte[] payload, MessageDigest digest) throws IOException {
            out.writeByte(tag);
            out.writeInt(payload.length);
            out.write(payload);
            if (digest != null) {
                hash(digest, tag, payload);
            }
        }
    }

    /** Every column but bytea as PostgreSQL's own text for it, so it reads back exactly whatever the driver does. */
    static String select(Table table) {
        var columns = new ArrayList<String>();
        for (int i = 0; i < table.columns().size(); i++) {
            String column = "t." + table.columns().get(i);
            columns.add(table.isBinary(i) ? column : column + "::text");
        }
        return "SELECT " + String.join(", ", columns) + " FROM " + table.name() + " t"
                + (table.where() == null ? "" : " WHERE " + table.where()) + " ORDER BY " + table.order();
    }

    static void hash(MessageDigest digest, byte tag, byte[] payload) {
        digest.update(tag);
        digest.update(ByteBuffer.allocate(4).putInt(payload.length).array());
        digest.update(payload);
    }

    static String bridgeVersion() {
        return Optional.ofNullable(BackupWriter.class.getPackage().getImplementationVersion())
                .orElse("development");
    }

    private static byte[] utf8(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
