package dev.hamcp.bridge.runtime.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 started from binaries shipped in a Maven artifact, keeping its data in the
 * data directory so it survives restarts. It listens on loopback only and trusts local connections,
 * which is why it never listens anywhere else.
 */
public final class EmbeddedDatabaseServer implements DatabaseServer {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseServer.class);

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabaseServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts (or resumes) the server whose cluster lives in {@code dataDirectory}. */
    public static EmbeddedDatabaseServer start(Path dataDirectory, Path workDirectory) {
        try {
            var postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(workDirectory.toFile())
                    // Spring closes this server after the pools that use it; a JVM hook of its own would race that.
                    .setRegisterShutdownHook(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "100")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            log.info(
                    "Embedded PostgreSQL is running on 127.0.0.1:{} with its data in {}",
                    postgres.getPort(),
                    dataDirectory);
            return new EmbeddedDatabaseServer(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    @Override
    public String jdbcUrl() {
        // Built by hand: zonky's own URL carries the user as a query parameter, which R2DBC would not take.
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    @Override
    public String user() {
        return "postgres";
    }

    @Override
    public String password() {
        return "";
    }

    @Override
    public void close() {
        try {
            postgres.close();
            log.info("Embedded PostgreSQL stopped");
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }
}
