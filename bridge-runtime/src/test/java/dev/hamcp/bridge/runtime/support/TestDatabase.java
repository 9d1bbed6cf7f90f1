package dev.hamcp.bridge.runtime.support;

import dev.hamcp.bridge.runtime.database.EmbeddedDatabaseServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one PostgreSQL of this test JVM, found in this order: a JDBC URL from the environment
 * ({@code BRIDGE_TEST_DB_URL}, {@code BRIDGE_TEST_DB_USER}, {@code BRIDGE_TEST_DB_PASSWORD}),
 * Testcontainers when a Docker engine answers, else the bridge's own embedded PostgreSQL. Started
 * on first use, stopped when the JVM ends.
 */
public final class TestDatabase {

    public record Coordinates(String url, String user, String password) {}

    private static Coordinates coordinates;

    private TestDatabase() {}

    public static synchronized Coordinates get() {
        if (coordinates == null) {
            coordinates = start();
        }
        return coordinates;
    }

    private static Coordinates start() {
        String url = System.getenv("BRIDGE_TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            return new Coordinates(
                    url,
                    System.getenv().getOrDefault("BRIDGE_TEST_DB_USER", "postgres"),
                    System.getenv().getOrDefault("BRIDGE_TEST_DB_PASSWORD", ""));
        }
        if (dockerAnswers()) {
            var container = new PostgreSQLContainer("postgres:17-alpine");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            return new Coordinates(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        var server = EmbeddedDatabaseServer.start(directory("pg"));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        return new Coordinates(server.jdbcUrl(), server.user(), server.password());
    }

    /** A new, empty database in this JVM's PostgreSQL: a first start, without the cost of a new server. */
    public static synchronized Coordinates fresh() {
        var server = get();
        String name = "fresh_" + System.nanoTime();
        try (var connection = DriverManager.getConnection(server.url(), server.user(), server.password());
                var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a database for a test", e);
        }
        return new Coordinates(
                server.url().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1"), server.user(), server.password());
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static Path directory(String name) {
        try {
            return Files.createTempDirectory(Path.of("target"), "test-" + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
