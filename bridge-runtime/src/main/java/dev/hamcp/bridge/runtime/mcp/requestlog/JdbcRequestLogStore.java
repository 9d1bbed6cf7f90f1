package dev.hamcp.bridge.runtime.mcp.requestlog;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** The {@code request_log} table. */
final class JdbcRequestLogStore implements RequestLogStore {

    /** Old rows go in slices, so a first purge of a large table never holds long locks or one huge transaction. */
    static final int PURGE_SLICE = 10_000;

    private static final String INSERT = "INSERT INTO request_log (at, user_id, credential_id, tool, upstream, outcome,"
            + " error_code, latency_ms, request_bytes, response_bytes, client_ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String DELETE_SLICE =
            "DELETE FROM request_log WHERE id IN (SELECT id FROM request_log WHERE at < ? LIMIT " + PURGE_SLICE + ")";

    private final JdbcTemplate jdbc;

    JdbcRequestLogStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(List<RequestLogEntry> batch) {
        jdbc.batchUpdate(INSERT, batch, batch.size(), JdbcRequestLogStore::bind);
    }

    @Override
    public long deleteOlderThan(Instant cutoff) {
        long total = 0;
        int deleted;
        do {
            deleted = jdbc.update(DELETE_SLICE, timestamp(cutoff));
            total += deleted;
        } while (deleted == PURGE_SLICE);
        return total;
    }

    /** Values are cut to their columns: one over-long tool name must not cost the whole batch. */
    private static void bind(PreparedStatement statement, RequestLogEntry entry) throws SQLException {
        statement.setObject(1, timestamp(entry.at()));
        statement.setString(2, fit(entry.userId(), 64));
        statement.setString(3, fit(entry.credentialId(), 64));
        statement.setString(4, fit(entry.tool(), 255));
        statement.setString(5, fit(entry.upstream(), 128));
        statement.setString(6, entry.outcome().name());
        if (entry.errorCode() == null) {
            statement.setNull(7, Types.INTEGER);
        } else {
            statement.setInt(7, entry.errorCode());
        }
        statement.setInt(8, (int) Math.min(Integer.MAX_VALUE, entry.latency().toMillis()));
        statement.setInt(9, entry.requestBytes());
        statement.setInt(10, entry.responseBytes());
        statement.setString(11, fit(entry.clientIp(), 64));
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static String fit(String value, int length) {
        return value == null || value.length() <= length ? value : value.substring(0, length);
    }
}
