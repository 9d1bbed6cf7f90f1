package dev.hamcp.bridge.runtime.database;

import dev.hamcp.bridge.runtime.DataDirectory;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17, from binaries shipped in a Maven artifact, run by the bridge as a child
 * process with its cluster in the data directory, so its data survives restarts.
 *
 * <p>It is run as an operator would run a server that must not lose what it acknowledged: fsync,
 * synchronous commit and full-page writes on, given on its command line, where no configuration
 * file can weaken them, and checked once it answers. Only the bridge can enter it: it listens on
 * 127.0.0.1 alone, opens no Unix socket, and asks for a password (SCRAM) that only the data
 * directory's owner can read. It cannot outlive the bridge: a small watchdog shell between the two
 * stops it as soon as the bridge's end of a pipe closes, which happens however the bridge ends,
 * {@code kill -9} included; a server still found running from an earlier run is stopped before a
 * new one starts.
 */
public final class EmbeddedDatabaseServer implements DatabaseServer {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseServer.class);

    static final String SUPERUSER = "postgres";
    static final String MAJOR_VERSION = "17";
    static final String PASSWORD_FILE = "postgres-password";
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);
    private static final Duration STOP_WITHIN = Duration.ofSeconds(30);
    private static final int LAUNCH_ATTEMPTS = 3;

    /**
     * The watchdog: starts PostgreSQL (in a session of its own where {@code setsid} exists, so a
     * terminal's Ctrl-C reaches only the bridge, which then stops it in order), and asks it for a
     * fast shutdown once its standard input, a pipe from the bridge, ends. It ignores the signals
     * a terminal or a supervisor sends a whole group, for the same reason.
     */
    private static final String WATCHDOG = """
            trap '' HUP INT QUIT TERM
            exec 3<&0 0</dev/null
            if command -v setsid >/dev/null 2>&1; then setsid "$@" 3<&- & else "$@" 3<&- & fi
            pg=$!
            { cat <&3 >/dev/null; kill -INT "$pg" 2>/dev/null; } &
            watcher=$!
            exec 3<&-
            wait "$pg"
            status=$?
            kill "$watcher" 2>/dev/null
            exit "$status"
            """;

    private final Process watchdog;
    private final int port;
    private final String password;
    private final FileLock lock;

    private EmbeddedDatabaseServer(Process watchdog, int port, String password, FileLock lock) {
        this.watchdog = watchdog;
        this.port = port;
        this.password = password;
        this.lock = lock;
    }

    /**
     * Starts (or resumes) the server kept in {@code home}: the cluster in {@code postgres/}, the
     * unpacked programs in {@code postgres-work/}, its password in {@value #PASSWORD_FILE}, its
     * output in {@code logs/postgres.log}.
     */
    public static EmbeddedDatabaseServer start(Path home) {
        DataDirectory.ensureDirectory(home);
        FileLock lock = lock(home);
        try {
            var layout = new Layout(
                    DataDirectory.ensureDirectory(home.resolve("postgres")),
                    PostgresBinaries.unpack(DataDirectory.ensureDirectory(home.resolve("postgres-work")))
                            .resolve("bin"),
                    home.resolve(PASSWORD_FILE),
                    DataDirectory.ensureDirectory(home.resolve("logs")).resolve("postgres.log"));
            String password = prepare(layout);
            return launch(layout, password, lock);
        } catch (RuntimeException e) {
            release(lock);
            throw e;
        }
    }

    /**
     * Where everything of one embedded server lives, and how its programs are run: PostgreSQL
     * refuses to run as root, so a bridge running as root (as in many containers) runs them in a
     * user namespace of their own, where they are nobody.
     */
    private record Layout(Path cluster, Path bin, Path passwordFile, Path logFile, List<String> asUser) {

        Layout(Path cluster, Path bin, Path passwordFile, Path logFile) {
            this(cluster, bin, passwordFile, logFile, runsAsRoot() ? unprivileged() : List.of());
        }

        List<String> command(String program, String... arguments) {
            var command = new ArrayList<>(asUser);
            command.add(bin.resolve(program).toString());
            command.addAll(List.of(arguments));
            return command;
        }
    }

    private static boolean runsAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | RuntimeException notLinux) {
            return false;
        }
    }

    private static List<String> unprivileged() {
        List<String> unshare = List.of("unshare", "--user");
        try {
            var probe = new ProcessBuilder("unshare", "--user", "true")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                return unshare;
            }
        } catch (IOException e) {
            // no unshare on this system
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("PostgreSQL does not run as root, and this system cannot run it in a user"
                + " namespace (unshare --user): run the bridge as an ordinary user, or set bridge.db.url");
    }

    /** Makes the cluster ready to start: created, or checked, freed of a leftover server, and closed to all but the bridge. */
    private static String prepare(Layout layout) {
        String password;
        if (Files.exists(layout.cluster().resolve("PG_VERSION"))) {
            checkVersion(layout.cluster());
            stopLeftover(layout);
            password = Files.exists(layout.passwordFile())
                    ? read(layout.passwordFile())
                    // A cluster from before the bridge asked for a password: it trusted every local connection.
                    : setPassword(layout);
        } else {
            password = initdb(layout);
        }
        writeAccessRules(layout.cluster());
        return password;
    }

    private static String initdb(Layout layout) {
        try (var entries = Files.list(layout.cluster())) {
            if (entries.findAny().isPresent()) {
                throw new IllegalStateException(layout.cluster() + " is neither empty nor a PostgreSQL cluster:"
                        + " move it away, or point bridge.data-dir at another directory");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String password = newPassword();
        Path passwordInput = layout.passwordFile().resolveSibling(PASSWORD_FILE + ".initdb");
        DataDirectory.writeOwnerOnly(passwordInput, password.getBytes(StandardCharsets.UTF_8));
        try {
            run(
                    layout,
                    layout.command(
                            "initdb",
                            "-D",
                            layout.cluster().toString(),
                            "-U",
                            SUPERUSER,
                            "--auth=scram-sha-256",
                            "--pwfile=" + passwordInput,
                            "-E",
                            "UTF8",
                            "--no-locale"),
                    null,
                    "create the database cluster");
        } finally {
            deleteQuietly(passwordInput);
        }
        DataDirectory.writeOwnerOnly(layout.passwordFile(), password.getBytes(StandardCharsets.UTF_8));
        log.info("Created the embedded PostgreSQL cluster in {}", layout.cluster());
        return password;
    }

    /** Gives the superuser a password in single-user mode, which listens on nothing while it runs. */
    private static String setPassword(Layout layout) {
        String password = newPassword();
        var command = layout.command(
                "postgres",
                "--single",
                "-D",
                layout.cluster().toString(),
                // A failed statement is not repeated in the log: this one carries the password.
                "-c",
                "log_min_error_statement=panic",
                SUPERUSER);
        run(layout, command, "ALTER ROLE " + SUPERUSER + " WITH PASSWORD '" + password + "';\n", "set a password");
        DataDirectory.writeOwnerOnly(layout.passwordFile(), password.getBytes(StandardCharsets.UTF_8));
        log.warn(
                "The embedded PostgreSQL in {} trusted every local connection; it now asks for a password, kept in {}",
                layout.cluster(),
                layout.passwordFile());
        return password;
    }

    private static void writeAccessRules(Path cluster) {
        String rules = """
                # Written by the HA-MCP Bridge at every start: only the bridge, with the password in
                # postgres-password beside this cluster, over loopback. No Unix socket is opened.
                host    all    %s    127.0.0.1/32    scram-sha-256
                """.formatted(SUPERUSER);
        DataDirectory.writeOwnerOnly(cluster.resolve("pg_hba.conf"), rules.getBytes(StandardCharsets.UTF_8));
    }

    private static void checkVersion(Path cluster) {
        String version = read(cluster.resolve("PG_VERSION"));
        if (!MAJOR_VERSION.equals(version)) {
            throw new IllegalStateException(cluster + " holds a PostgreSQL " + version
                    + " cluster, and this bridge runs"
                    + " PostgreSQL " + MAJOR_VERSION + ": upgrade it with pg_upgrade, or restore a backup made with"
                    + " this version");
        }
    }

    /**
     * A server that still runs on this cluster can only be left from an earlier run (this process
     * holds the data directory's lock): stopped, so that a new one can start.
     */
    private static void stopLeftover(Layout layout) {
        Path pidFile = layout.cluster().resolve("postmaster.pid");
        List<String> lines;
        try {
            lines = Files.exists(pidFile) ? Files.readAllLines(pidFile) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Optional<ProcessHandle> process = lines.isEmpty()
                ? Optional.empty()
                : parsePid(lines.getFirst()).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return; // none, or a stale file PostgreSQL removes itself
        }
        if (!servesCluster(process.get(), lines, layout.cluster())) {
            log.info("Removing {}: the process it names is not this cluster's PostgreSQL", pidFile);
            deleteQuietly(pidFile);
            return;
        }
        long pid = process.get().pid();
        log.warn("A PostgreSQL (pid {}) left by an earlier run still serves {}: stopping it", pid, layout.cluster());
        run(
                layout,
                layout.command(
                        "pg_ctl",
                        "stop",
                        "-D",
                        layout.cluster().toString(),
                        "-m",
                        "fast",
                        "-w",
                        "-t",
                        Long.toString(STOP_WITHIN.toSeconds())),
                null,
                "stop the leftover server");
        try {
            process.get().onExit().get(STOP_WITHIN.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("The PostgreSQL left running on " + layout.cluster() + " (pid " + pid
                    + ") did not stop: stop it yourself (kill " + pid + ") and start the bridge again");
        }
    }

    private static boolean servesCluster(ProcessHandle process, List<String> pidLines, Path cluster) {
        boolean postgres = process.info()
                .command()
                .map(command -> command.endsWith("/postgres") || command.endsWith("\\postgres.exe"))
                .orElse(false);
        try {
            return postgres
                    && pidLines.size() > 1
                    && Files.isSameFile(Path.of(pidLines.get(1).trim()), cluster);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Optional<Long> parsePid(String line) {
        try {
            return Optional.of(Long.parseLong(line.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static EmbeddedDatabaseServer launch(Layout layout, String password, FileLock lock) {
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            long logStart = size(layout.logFile());
            Process watchdog = startWatchdog(layout, port);
            var server = new EmbeddedDatabaseServer(watchdog, port, password, lock);
            try {
                server.awaitReady(layout, logStart);
                return server;
            } catch (PortTaken e) {
                server.stopServer();
                if (attempt == LAUNCH_ATTEMPTS) {
                    throw new IllegalStateException("The embedded PostgreSQL found no free port on 127.0.0.1", e);
                }
            } catch (RuntimeException e) {
                server.stopServer();
                throw e;
            }
        }
    }

    private static Process startWatchdog(Layout layout, int port) {
        var command = new ArrayList<>(List.of("/bin/sh", "-c", WATCHDOG, "postgres-watchdog"));
        command.addAll(layout.command("postgres", "-D", layout.cluster().toString(), "-p", Integer.toString(port)));
        settings().forEach((name, value) -> command.addAll(List.of("-c", name + "=" + value)));
        try {
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(
                            ProcessBuilder.Redirect.appendTo(layout.logFile().toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL", e);
        }
    }

    /** On the command line, so that neither postgresql.conf nor ALTER SYSTEM can change them. */
    private static Map<String, String> settings() {
        var settings = new LinkedHashMap<String, String>();
        settings.put("listen_addresses", "127.0.0.1");
        settings.put("unix_socket_directories", "");
        settings.put("fsync", "on");
        settings.put("synchronous_commit", "on");
        settings.put("full_page_writes", "on");
        settings.put("password_encryption", "scram-sha-256");
        settings.put("max_connections", "100");
        settings.put("timezone", "UTC");
        return settings;
    }

    private void awaitReady(Layout layout, long logStart) {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!watchdog.isAlive()) {
                String words = tail(layout.logFile(), logStart);
                if (words.contains("could not bind") || words.contains("Address already in use")) {
                    throw new PortTaken();
                }
                throw new IllegalStateException(
                        "The embedded PostgreSQL in " + layout.cluster()
                                + " stopped while starting (exit " + watchdog.exitValue() + "). It said:\n" + words
                                + "\nThe whole log is " + layout.logFile()
                                + ". The data directory must belong to the user"
                                + " running the bridge, with owner-only permissions; if it is damaged, restore it from a backup.");
            }
            try (var connection = DriverManager.getConnection(jdbcUrl(), connectionProperties())) {
                var durability = Durability.of(connection);
                if (!durability.isDurable()) {
                    throw new IllegalStateException(
                            "The embedded PostgreSQL runs without durability (" + durability + ")");
                }
                log.info(
                        "Embedded PostgreSQL is running on 127.0.0.1:{} with its data in {} ({})",
                        port,
                        layout.cluster(),
                        durability);
                return;
            } catch (SQLException e) {
                last = e;
            }
            pause();
        }
        throw new IllegalStateException("The embedded PostgreSQL in " + layout.cluster() + " did not accept connections"
                + " within " + READY_WITHIN.toSeconds() + " s (" + (last == null ? "" : last.getMessage())
                + "); see " + layout.logFile());
    }

    private Properties connectionProperties() {
        var properties = new Properties();
        properties.setProperty("user", SUPERUSER);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "2");
        return properties;
    }

    @Override
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    @Override
    public String user() {
        return SUPERUSER;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public void close() {
        stopServer();
        release(lock);
        log.info("Embedded PostgreSQL stopped");
    }

    /** Ends the watchdog's pipe, which asks PostgreSQL for a fast shutdown, and waits for it. */
    private void stopServer() {
        List<ProcessHandle> server = watchdog.toHandle().descendants().toList();
        try {
            watchdog.getOutputStream().close();
            if (!watchdog.waitFor(STOP_WITHIN.toSeconds(), TimeUnit.SECONDS)) {
                log.warn("Embedded PostgreSQL did not stop within {} s; killing it", STOP_WITHIN.toSeconds());
                server.forEach(ProcessHandle::destroyForcibly);
                watchdog.destroyForcibly();
            }
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One bridge per data directory: a second one would stop the first one's server as a leftover. */
    private static FileLock lock(Path home) {
        Path file = home.resolve("postgres.lock");
        try {
            if (!Files.exists(file)) {
                DataDirectory.writeOwnerOnly(file, new byte[0]);
            }
            @SuppressWarnings("resource") // released, and the channel with it, when the server closes
            FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("Another bridge is running on the data directory " + home
                        + ": stop it first, or give this one a data directory of its own (bridge.data-dir)");
            }
            return lock;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock " + file, e);
        }
    }

    private static void release(FileLock lock) {
        try {
            lock.release();
            lock.channel().close();
        } catch (IOException e) {
            log.debug("Releasing the data directory's lock: {}", e.getMessage());
        }
    }

    /**
     * Runs one of PostgreSQL's programs to its end, its output appended to the log. Should it fail,
     * its last words are quoted, with any password in them masked: PostgreSQL may repeat a failed
     * statement, and the quote goes to the bridge's log.
     */
    private static void run(Layout layout, List<String> command, String input, String purpose) {
        long logStart = size(layout.logFile());
        try {
            var process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(
                            ProcessBuilder.Redirect.appendTo(layout.logFile().toFile()))
                    .start();
            try (var stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("PostgreSQL could not " + purpose + " within two minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("PostgreSQL could not " + purpose + " in " + layout.cluster()
                        + ". It said:\n"
                        + tail(layout.logFile(), logStart).replaceAll("(?i)(PASSWORD\\s+)'[^']*'", "$1'********'"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + command.getFirst(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while trying to " + purpose, e);
        }
    }

    /** What the log gained since {@code from}, at most its last twenty lines. */
    private static String tail(Path logFile, long from) {
        try (var file = new RandomAccessFile(logFile.toFile(), "r")) {
            long start = Math.max(from, file.length() - 8192);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            var lines =
                    new String(bytes, StandardCharsets.UTF_8).strip().lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(its log cannot be read: " + e.getMessage() + ")";
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port for the embedded PostgreSQL", e);
        }
    }

    private static String newPassword() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", file, e.getMessage());
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the embedded PostgreSQL started", e);
        }
    }

    private static final class PortTaken extends RuntimeException {
        PortTaken() {
            super(null, null, false, false);
        }
    }
}
