package dev.hamcp.bridge.runtime.backup;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.hamcp.bridge.runtime.BridgeApplication;
import dev.hamcp.bridge.runtime.DataDirectory;
import dev.hamcp.bridge.runtime.audit.chain.AuditChainProperties;
import dev.hamcp.bridge.runtime.audit.chain.CheckpointKey;
import dev.hamcp.bridge.runtime.audit.chain.Checkpoints;
import dev.hamcp.bridge.runtime.database.DatabaseProperties;
import dev.hamcp.bridge.runtime.database.DatabaseServer;
import dev.hamcp.bridge.runtime.rebuild.ReadModelRebuild;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The jar's maintenance commands, against the database the bridge is configured with (the same
 * {@code --bridge.*} options and {@code BRIDGE_*} variables, or the embedded default's data
 * directory):
 *
 * <pre>
 *   java -jar bridge.jar backup  --out FILE
 *   java -jar bridge.jar verify-backup --in FILE [--trusted-key PEM-FILE]
 *   java -jar bridge.jar restore --in FILE [--trusted-key PEM-FILE] [--no-rebuild]
 * </pre>
 *
 * A restore verifies the archive against the installation's checkpoint key (or the public key
 * given), loads it into the empty database, then starts the bridge once, without serving on its
 * port, until every read model is rebuilt by replay. Exit status: 0 done, 1 refused, 2 usage, 3 failed.
 */
public final class BridgeCommandLine {

    static final int DONE = 0;
    static final int REFUSED = 1;
    static final int USAGE = 2;
    static final int FAILED = 3;
    private static final Set<String> COMMANDS = Set.of("backup", "restore", "verify-backup");
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    /** The settings a command needs, bound exactly as the bridge binds them. */
    @EnableConfigurationProperties({DatabaseProperties.class, DataDirectory.class, AuditChainProperties.class})
    static class Settings {}

    private record Arguments(String command, Path in, Path out, Path trustedKey, boolean rebuild, String[] spring) {}

    private final PrintStream console;

    private BridgeCommandLine(PrintStream console) {
        this.console = console;
    }

    public static boolean handles(String first) {
        return COMMANDS.contains(first);
    }

    /** Runs a command and answers its exit status; never calls {@code System.exit}. */
    public static int run(String... args) {
        return new BridgeCommandLine(System.out).execute(args);
    }

    private int execute(String[] args) {
        Arguments arguments;
        try {
            arguments = parse(args);
        } catch (IllegalArgumentException e) {
            console.println(e.getMessage());
            console.println("Usage: backup --out FILE | verify-backup --in FILE [--trusted-key PEM-FILE]"
                    + " | restore --in FILE [--trusted-key PEM-FILE] [--no-rebuild]  [--bridge.* options]");
            return USAGE;
        }
        try (var settings = new SpringApplicationBuilder(Settings.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .run(arguments.spring())) {
            return switch (arguments.command()) {
                case "backup" -> backup(settings, arguments);
                case "verify-backup" -> verify(settings, arguments);
                default -> restore(settings, arguments);
            };
        } catch (BackupRefused e) {
            console.println("Refused: " + e.getMessage());
            return REFUSED;
        } catch (IOException | SQLException | RuntimeException e) {
            console.println("Failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return FAILED;
        }
    }

    private int backup(ConfigurableApplicationContext settings, Arguments arguments)
            throws IOException, SQLException, BackupRefused {
        var key = installationKey(settings)
                .orElseThrow(() -> new BackupRefused("This installation has no audit signing key here: configure"
                        + " bridge.audit.chain.signing-key or run in the bridge's data directory."));
        Path partial = arguments.out().resolveSibling(arguments.out().getFileName() + ".partial");
        try (var database = Database.open(settings)) {
            var writer = new BackupWriter(
                    database.dataSource(),
                    Checkpoints.over(database.dataSource(), key),
                    settings.getBean(AuditChainProperties.class).gapTimeout());
            var requester = new Checkpoints.Requester(
                    "command-line:" + System.getProperty("user.name", "unknown"),
                    "local",
                    UUID.randomUUID().toString(),
                    "backup (command line)");
            Manifest manifest;
            try (var out = new BufferedOutputStream(Files.newOutputStream(partial))) {
                manifest = writer.backup(out, requester);
            }
            Files.move(partial, arguments.out(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            console.printf(
                    "Backup written to %s: %d events up to position %d, checkpoint of %d entries signed by key %s.%n",
                    arguments.out(),
                    manifest.rows(BackupFormat.EVENTS.name()),
                    manifest.headPosition(),
                    manifest.checkpoint().treeSize(),
                    manifest.keyId());
            console.println("Keep the master key and the audit signing key apart from this file (docs/backup.md).");
            return DONE;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private int verify(ConfigurableApplicationContext settings, Arguments arguments) throws IOException, BackupRefused {
        var verified = BackupVerifier.verify(arguments.in(), trustedKey(settings, arguments));
        var manifest = verified.manifest();
        console.printf(
                "The archive is intact: %d events up to position %d, written by bridge %s at %s, its chain ends at"
                        + " the checkpoint of %d entries signed by key %s at %s.%n",
                manifest.rows(BackupFormat.EVENTS.name()),
                manifest.headPosition(),
                manifest.bridgeVersion(),
                manifest.createdAt(),
                manifest.checkpoint().treeSize(),
                manifest.keyId(),
                manifest.checkpoint().issuedAt());
        return DONE;
    }

    private int restore(ConfigurableApplicationContext settings, Arguments arguments)
            throws IOException, SQLException, BackupRefused {
        PublicKey trusted = trustedKey(settings, arguments);
        Restore.Report report;
        try (var database = Database.open(settings)) {
            report = Restore.restore(database.dataSource(), arguments.in(), trusted);
        }
        console.printf(
                "Restored %s; the restored chain is %s up to position %d.%n",
                report.rows(),
                report.chain().intact() ? "intact" : "BROKEN (" + report.chain().firstBreak() + ")",
                report.chain().headPosition());
        if (!report.chain().intact()) {
            return FAILED;
        }
        if (!arguments.rebuild()) {
            console.println("The read models are rebuilt by replay when the bridge next starts.");
            return DONE;
        }
        rebuild(arguments, report.manifest().headPosition());
        return DONE;
    }

    /** Starts the bridge on the restored database, on no fixed port, until every persistent processor replayed the store. */
    private void rebuild(Arguments arguments, long headPosition) {
        var args = new ArrayList<>(List.of(arguments.spring()));
        args.add("--server.port=0");
        long started = System.nanoTime();
        try (var bridge = new SpringApplicationBuilder(BridgeApplication.class).run(args.toArray(String[]::new))) {
            var rebuild = bridge.getBean(ReadModelRebuild.class);
            long nextReport = System.nanoTime() + PROGRESS_EVERY.toNanos();
            while (!rebuild.caughtUpTo(headPosition)) {
                if (System.nanoTime() > nextReport) {
                    console.printf(
                            "Rebuilding the read models: position %d of %d%n",
                            rebuild.progress().positionReached(), headPosition);
                    nextReport = System.nanoTime() + PROGRESS_EVERY.toNanos();
                }
                Thread.sleep(100);
            }
            long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
            console.printf(
                    "Rebuilt the read models up to position %d (start and replay: %d ms).%n", headPosition, millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while rebuilding the read models");
        }
    }

    private static Optional<CheckpointKey> installationKey(ConfigurableApplicationContext settings) {
        return CheckpointKey.existing(
                settings.getBean(AuditChainProperties.class),
                settings.getBean(DataDirectory.class).dataDir());
    }

    /** The public key a restore trusts: the one given, else this installation's own checkpoint key. */
    private static PublicKey trustedKey(ConfigurableApplicationContext settings, Arguments arguments)
            throws IOException, BackupRefused {
        if (arguments.trustedKey() != null) {
            return publicKey(Files.readString(arguments.trustedKey(), StandardCharsets.US_ASCII));
        }
        return installationKey(settings)
                .map(CheckpointKey::publicKey)
                .orElseThrow(() -> new BackupRefused("No audit signing key to check the archive with: put the"
                        + " installation's audit-signing.key in the data directory, configure"
                        + " bridge.audit.chain.signing-key, or give its public key with --trusted-key."));
    }

    /** An Ed25519 public key as PEM (what {@code GET /admin/security/audit/key} answers) or its raw 32 bytes in base64. */
    static PublicKey publicKey(String text) throws BackupRefused {
        String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            byte[] bytes = Base64.getDecoder().decode(base64);
            if (bytes.length == 32) {
                bytes = concat(HexFormat.of().parseHex("302a300506032b6570032100"), bytes);
            }
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(bytes));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new BackupRefused("The trusted key is not an Ed25519 public key (PEM, or base64 of 32 bytes).");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static Arguments parse(String[] args) {
        String command = args[0];
        Path in = null;
        Path out = null;
        Path trustedKey = null;
        boolean rebuild = true;
        var spring = new ArrayList<String>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            switch (name) {
                case "--in", "--out", "--trusted-key" -> {
                    String value;
                    if (arg.contains("=")) {
                        value = arg.substring(arg.indexOf('=') + 1);
                    } else if (i + 1 < args.length) {
                        value = args[++i];
                    } else {
                        throw new IllegalArgumentException(name + " needs a file");
                    }
                    switch (name) {
                        case "--in" -> in = Path.of(value);
                        case "--out" -> out = Path.of(value);
                        default -> trustedKey = Path.of(value);
                    }
                }
                case "--no-rebuild" -> rebuild = false;
                default -> spring.add(arg);
            }
        }
        if (command.equals("backup") && out == null) {
            throw new IllegalArgumentException("backup needs --out FILE");
        }
        if (!command.equals("backup") && in == null) {
            throw new IllegalArgumentException(command + " needs --in FILE");
        }
        return new Arguments(command, in, out, trustedKey, rebuild, spring.toArray(String[]::new));
    }

    /** The configured database, open for one command, and closed in order: the pool, then an embedded server. */
    private record Database(DatabaseServer server, HikariDataSource dataSource) implements AutoCloseable {

        static Database open(ConfigurableApplicationContext settings) {
            var server = DatabaseServer.open(
                    settings.getBean(DatabaseProperties.class), settings.getBean(DataDirectory.class));
            var config = new HikariConfig();
            config.setJdbcUrl(server.jdbcUrl());
            config.setUsername(server.user());
            config.setPassword(server.password());
            config.setMaximumPoolSize(4);
            config.setPoolName("bridge-maintenance");
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
            return new Database(server, new HikariDataSource(config));
        }

        @Override
        public void close() {
            dataSource.close();
            server.close();
        }
    }
}
