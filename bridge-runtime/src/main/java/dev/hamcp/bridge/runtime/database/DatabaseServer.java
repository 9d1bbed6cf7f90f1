package dev.hamcp.bridge.runtime.database;

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

    /** A server someone else runs: nothing to start or stop. */
    record External(String jdbcUrl, String user, String password) implements DatabaseServer {

        @Override
        public String toString() {
            return "External[" + jdbcUrl + "]";
        }
    }
}
