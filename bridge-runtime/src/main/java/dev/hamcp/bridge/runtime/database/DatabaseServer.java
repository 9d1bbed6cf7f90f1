package dev.hamcp.bridge.runtime.database;

import dev.hamcp.bridge.runtime.DataDirectory;

/**
 * The PostgreSQL server in use, embedded or external. Every connection pool depends on this bean,
 * so Spring closes the pools before it stops an embedded server: one ordered shutdown.
 */
public interface DatabaseServer extends AutoCloseable {

    String jdbcUrl();

    String user();

    String password();

    @Override
    default void close() {}

    /** The server {@code properties} name, or else the embedded one of the data directory, started. */
    static DatabaseServer open(DatabaseProperties properties, DataDirectory dataDirectory) {
        if (properties.embedded()) {
            return EmbeddedDatabaseServer.start(dataDirectory.root());
        }
        return new External(properties.url(), properties.user(), properties.password());
    }

    /** A server someone else runs: nothing to start or stop. */
    record External(String jdbcUrl, String user, String password) implements DatabaseServer {

        @Override
        public String toString() {
            return "External[" + jdbcUrl + "]";
        }
    }
}
