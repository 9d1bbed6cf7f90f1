package dev.hamcp.bridge.runtime.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hamcp.bridge.runtime.support.BridgeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The embedded PostgreSQL lets in the bridge alone: a password only the data directory's owner can
 * read, over loopback, no Unix socket, and a cluster that used to trust local connections asks for
 * a password from its next start on.
 */
class EmbeddedDatabaseDoorTest {

    @Test
    void onlyTheBridgesPasswordGetsIn() throws Exception {
        Path home = BridgeProcess.newDataDirectory("door");
        try (var server = EmbeddedDatabaseServer.start(home)) {
            assertThatThrownBy(() -> connect(server.jdbcUrl(), null)).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> connect(server.jdbcUrl(), "guess")).isInstanceOf(SQLException.class);
            try (var connection = connect(server.jdbcUrl(), server.password());
                    var rows = connection.createStatement().executeQuery("SHOW unix_socket_directories")) {
                rows.next();
                assertThat(rows.getString(1)).as("no Unix socket").isEmpty();
            }
            assertThat(Files.readString(home.resolve("postgres/pg_hba.conf")))
                    .doesNotContain("trust")
                    .contains("scram-sha-256");
        }
        assertThat(Files.readString(home.resolve(EmbeddedDatabaseServer.PASSWORD_FILE))
                        .strip())
                .hasSizeGreaterThanOrEqualTo(40);
        for (String owned : new String[] {"postgres", "postgres-work", EmbeddedDatabaseServer.PASSWORD_FILE}) {
            String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(owned)));
            assertThat(mode).as(owned).endsWith("------");
        }
    }

    @Test
    void aClusterThatTrustedLocalConnectionsAsksForAPasswordFromItsNextStart() throws Exception {
        Path home = BridgeProcess.newDataDirectory("door-old");
        try (var ignored = EmbeddedDatabaseServer.start(home)) {
            // started once, to have a cluster
        }
        // As the bridge's earlier launcher left it: trust for loopback, no password, a work folder open to all.
        Files.writeString(home.resolve("postgres/pg_hba.conf"), "host all all 127.0.0.1/32 trust\n");
        Files.delete(home.resolve(EmbeddedDatabaseServer.PASSWORD_FILE));
        Files.setPosixFilePermissions(home.resolve("postgres-work"), PosixFilePermissions.fromString("rwx-w--w-"));

        try (var server = EmbeddedDatabaseServer.start(home)) {
            assertThatThrownBy(() -> connect(server.jdbcUrl(), null)).isInstanceOf(SQLException.class);
            try (var connection = connect(server.jdbcUrl(), server.password())) {
                assertThat(connection.isValid(2)).isTrue();
            }
            assertThat(Files.readString(home.resolve("logs/postgres.log"))).doesNotContain(server.password());
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("postgres-work"))))
                .isEqualTo("rwx------");
    }

    @Test
    void aSecondServerOnTheSameDataDirectoryIsRefusedWithWhatToDo() {
        Path home = BridgeProcess.newDataDirectory("door-twice");
        try (var ignored = EmbeddedDatabaseServer.start(home)) {
            assertThatThrownBy(() -> EmbeddedDatabaseServer.start(home))
                    .hasMessageContaining("Another bridge is running on the data directory");
        }
    }

    private static java.sql.Connection connect(String url, String password) throws SQLException {
        var properties = new Properties();
        properties.setProperty("user", EmbeddedDatabaseServer.SUPERUSER);
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(url, properties);
    }
}
