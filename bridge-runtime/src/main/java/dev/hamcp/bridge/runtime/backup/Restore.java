package dev.hamcp.bridge.runtime.backup;

import dev.hamcp.bridge.runtime.audit.verify.ChainVerifier;
import dev.hamcp.bridge.runtime.audit.verify.VerificationReport;
import dev.hamcp.bridge.runtime.backup.BackupFormat.Table;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores an archive into an empty database: verifies it whole first ({@link BackupVerifier},
 * nothing written), refuses a database that holds any history, creates the schema, loads every
 * section in one transaction (reading the archive a second time and rolling back should it differ
 * from what was verified), and walks the restored chain with the verifier. The read models are not
 * in the archive: the bridge's processors rebuild them by replay, since the token store is empty.
 * Needs nothing but a {@link DataSource}, so the command line and benchmarks drive it directly.
 */
public final class Restore {

    /** What a restore did: the archive's manifest, the rows loaded per table, and the restored chain's walk. */
    public record Report(Manifest manifest, Map<String, Long> rows, VerificationReport chain, long tookMillis) {}

    private static final Logger log = LoggerFactory.getLogger(Restore.class);
    private static final int BATCH = 500;
    /** A database holding any of these rows has a history a restore would mix with another. */
    private static final List<String> MUST_BE_EMPTY = List.of(
            "domain_event_entry",
            "snapshot_event_entry",
            "data_key",
            "audit_chain_entry",
            "audit_checkpoint",
            "token_entry",
            "users",
            "audit_event");

    private Restore() {}

    public static Report restore(DataSource dataSource, Path archive, PublicKey trusted)
            throws IOException, SQLException, BackupRefused {
        long started = System.nanoTime();
        var verified = BackupVerifier.verify(archive, trusted);
        refuseUnlessEmpty(dataSource);
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        var rows = load(dataSource, archive, verified);
        var chain = new ChainVerifier(dataSource, trusted).verify();
        long took = (System.nanoTime() - started) / 1_000_000;
        log.info(
                "Restored {} events up to position {} in {} ms; the restored chain is {}",
                rows.get(BackupFormat.EVENTS.name()),
                verified.manifest().headPosition(),
                took,
                chain.intact() ? "intact" : "BROKEN: " + chain.firstBreak());
        return new Report(verified.manifest(), rows, chain, took);
    }

    private static void refuseUnlessEmpty(DataSource dataSource) throws SQLException, BackupRefused {
        try (var connection = dataSource.getConnection()) {
            for (String table : MUST_BE_EMPTY) {
                if (exists(connection, table) && holdsRows(connection, table)) {
                    throw new BackupRefused("The database is not empty (" + table
                            + " holds rows): a restore goes into an empty database only.");
                }
            }
        }
    }

    private static boolean exists(Connection connection, String table) throws SQLException {
        try (var statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            statement.setString(1, table);
            try (var result = statement.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }

    private static boolean holdsRows(Connection connection, String table) throws SQLException {
        try (var statement = connection.createStatement();
                var result = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM " + table + ")")) {
            result.next();
            return result.getBoolean(1);
        }
    }

    private static Map<String, Long> load(DataSource dataSource, Path archive, BackupVerifier.Verified verified)
            throws IOException, SQLException, BackupRefused {
        try (var connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                var loader = new Loader(connection);
                ArchiveReader.Ending ending;
                try (var in = Files.newInputStream(archive)) {
                    ending = ArchiveReader.read(in, loader);
                }
                loader.flush();
                if (!ending.bodySha256().equals(verified.bodySha256())
                        || !Arrays.equals(ending.manifest(), verified.manifestBytes())
                        || !Arrays.equals(ending.signature(), verified.signature())) {
                    throw new BackupRefused("The archive changed while it was being restored; nothing was written.");
                }
                try (var statement = connection.createStatement()) {
                    statement.execute("SELECT setval(pg_get_serial_sequence('domain_event_entry', 'global_index'),"
                            + " (SELECT coalesce(max(global_index), 0) + 1 FROM domain_event_entry), false)");
                }
                connection.commit();
                return loader.rows;
            } catch (IOException | SQLException | BackupRefused | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** Inserts each section's rows in batches, in the one transaction of the restore. */
    private static final class Loader implements ArchiveReader.Visitor {

        private final Connection connection;
        private final Map<String, Long> rows = new HashMap<>();
        private Table table;
        private PreparedStatement insert;
        private int pending;

        Loader(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void row(Table of, byte[][] values) throws SQLException {
            if (of != table) {
                flush();
                table = of;
                insert = connection.prepareStatement(of.insert());
            }
            for (int i = 0; i < values.length; i++) {
                if (of.isBinary(i)) {
                    insert.setBytes(i + 1, values[i]);
                } else if (values[i] == null) {
                    insert.setNull(i + 1, Types.OTHER);
                } else {
                    // PostgreSQL's own text of the value, typed by the column it goes into.
                    insert.setObject(i + 1, new String(values[i], StandardCharsets.UTF_8), Types.OTHER);
                }
            }
            insert.addBatch();
            rows.merge(of.name(), 1L, Long::sum);
            if (++pending == BATCH) {
                insert.executeBatch();
                pending = 0;
            }
        }

        void flush() throws SQLException {
            if (insert != null) {
                if (pending > 0) {
                    insert.executeBatch();
                }
                insert.close();
                insert = null;
                pending = 0;
            }
        }
    }
}
