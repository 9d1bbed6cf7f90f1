package dev.hamcp.bridge.runtime.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;

/**
 * The three settings that decide whether a commit PostgreSQL acknowledged survives a crash: with
 * any of them off, a killed server or machine can lose answered writes or corrupt the event store.
 */
record Durability(String fsync, String synchronousCommit, String fullPageWrites) {

    static Durability of(Connection connection) throws SQLException {
        var settings = new HashMap<String, String>();
        try (var statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT name, setting FROM pg_settings"
                        + " WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes')")) {
            while (rows.next()) {
                settings.put(rows.getString(1), rows.getString(2));
            }
        }
        return new Durability(
                settings.get("fsync"), settings.get("synchronous_commit"), settings.get("full_page_writes"));
    }

    boolean isDurable() {
        return "on".equals(fsync)
                && ("on".equals(synchronousCommit)
                        || "remote_apply".equals(synchronousCommit)
                        || "remote_write".equals(synchronousCommit)
                        || "local".equals(synchronousCommit))
                && "on".equals(fullPageWrites);
    }

    @Override
    public String toString() {
        return "fsync=" + fsync + ", synchronous_commit=" + synchronousCommit + ", full_page_writes=" + fullPageWrites;
    }
}
