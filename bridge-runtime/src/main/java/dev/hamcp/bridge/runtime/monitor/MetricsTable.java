package dev.hamcp.bridge.runtime.monitor;

import dev.hamcp.bridge.runtime.mcp.requestlog.RequestOutcome;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code node_metrics} table: every node's samples, written by each node for itself, read by
 * any node for the others. Blocking JDBC: call it off the event loop.
 */
@Component
class MetricsTable {

    /** A row as read back: whose sample, at which resolution, and when it was written. */
    record Row(String node, Resolution resolution, Sample sample, Instant writtenAt) {}

    private static final TypeReference<Map<String, Integer>> COUNTS = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> STATES = new TypeReference<>() {};
    private static final String COLUMNS = "node_id, resolution, at, written_at, outcomes, p50_ms, p95_ms, p99_ms,"
            + " max_ms, queue_depth, in_flight, rate_limited_requests, streamable_sessions, legacy_sessions,"
            + " heap_used, heap_max, cpu, breakers, connections_not_closed";

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    MetricsTable(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Writes {@code node}'s samples in one batch; a period written already is left as it was. */
    void insert(String node, Resolution resolution, List<Sample> samples) {
        if (samples.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(
                "INSERT INTO node_metrics (" + COLUMNS.replace(" written_at,", "") + ")"
                        + " VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)"
                        + " ON CONFLICT DO NOTHING",
                samples,
                samples.size(),
                (statement, sample) -> {
                    int i = 0;
                    statement.setString(++i, node);
                    statement.setInt(++i, resolution.seconds());
                    statement.setTimestamp(++i, Timestamp.from(Instant.ofEpochSecond(sample.at())));
                    statement.setString(++i, json.writeValueAsString(outcomes(sample)));
                    setDouble(statement, ++i, sample.p50());
                    setDouble(statement, ++i, sample.p95());
                    setDouble(statement, ++i, sample.p99());
                    setDouble(statement, ++i, sample.maxLatency());
                    statement.setInt(++i, sample.queueDepth());
                    statement.setInt(++i, sample.inFlight());
                    statement.setLong(++i, sample.rateLimitedRequests());
                    statement.setLong(++i, sample.streamableSessions());
                    statement.setLong(++i, sample.legacySessions());
                    statement.setLong(++i, sample.heapUsed());
                    statement.setLong(++i, sample.heapMax());
                    setDouble(statement, ++i, sample.cpu());
                    statement.setString(++i, json.writeValueAsString(sample.breakers()));
                    statement.setInt(++i, sample.connectionsNotClosed());
                });
    }

    /** Every node's samples at {@code resolution} from {@code from} on but {@code except}'s, by node, oldest first. */
    Map<String, List<Sample>> since(Resolution resolution, Instant from, String except) {
        var byNode = new TreeMap<String, List<Sample>>();
        jdbc.query(
                "SELECT " + COLUMNS + " FROM node_metrics WHERE resolution = ? AND at >= ? AND node_id <> ?"
                        + " ORDER BY node_id, at",
                (ResultSet rs) -> {
                    var row = row(rs);
                    byNode.computeIfAbsent(row.node(), node -> new ArrayList<>())
                            .add(row.sample());
                },
                resolution.seconds(),
                Timestamp.from(from),
                except);
        return byNode;
    }

    /** Rows of other nodes than {@code except} written from {@code from} on, in no particular order. */
    List<Row> writtenSince(Instant from, String except) {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM node_metrics WHERE written_at >= ? AND node_id <> ?",
                (rs, n) -> row(rs),
                Timestamp.from(from),
                except);
    }

    /** The database's clock now: what {@code written_at} is measured with. */
    Instant now() {
        return jdbc.queryForObject("SELECT now()", Timestamp.class).toInstant();
    }

    /** Deletes seconds older than {@code secondsBefore} and minutes older than {@code minutesBefore}; how many went. */
    int purge(Instant secondsBefore, Instant minutesBefore) {
        return jdbc.update(
                "DELETE FROM node_metrics WHERE (resolution = 1 AND at < ?) OR (resolution = 60 AND at < ?)",
                Timestamp.from(secondsBefore),
                Timestamp.from(minutesBefore));
    }

    private Row row(ResultSet rs) throws SQLException {
        Map<String, Integer> counts = json.readValue(rs.getString("outcomes"), COUNTS);
        int[] outcomes = new int[Sample.OUTCOMES];
        for (var outcome : RequestOutcome.values()) {
            outcomes[outcome.ordinal()] = counts.getOrDefault(outcome.name(), 0);
        }
        var sample = new Sample(
                rs.getTimestamp("at").toInstant().getEpochSecond(),
                outcomes,
                orNaN(rs, "p50_ms"),
                orNaN(rs, "p95_ms"),
                orNaN(rs, "p99_ms"),
                orNaN(rs, "max_ms"),
                rs.getInt("queue_depth"),
                rs.getInt("in_flight"),
                rs.getLong("rate_limited_requests"),
                rs.getLong("streamable_sessions"),
                rs.getLong("legacy_sessions"),
                rs.getLong("heap_used"),
                rs.getLong("heap_max"),
                orNaN(rs, "cpu"),
                json.readValue(rs.getString("breakers"), STATES),
                rs.getInt("connections_not_closed"));
        return new Row(
                rs.getString("node_id"),
                Resolution.ofSeconds(rs.getInt("resolution")),
                sample,
                rs.getTimestamp("written_at").toInstant());
    }

    /** Only the outcomes that happened, by name (names, not positions: the enum may grow). */
    private static Map<String, Integer> outcomes(Sample sample) {
        var counts = new LinkedHashMap<String, Integer>();
        for (var outcome : RequestOutcome.values()) {
            if (sample.count(outcome) != 0) {
                counts.put(outcome.name(), sample.count(outcome));
            }
        }
        return counts;
    }

    private static void setDouble(PreparedStatement statement, int index, double value) throws SQLException {
        if (Double.isNaN(value)) {
            statement.setNull(index, Types.DOUBLE);
        } else {
            statement.setDouble(index, value);
        }
    }

    private static double orNaN(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : value;
    }
}
