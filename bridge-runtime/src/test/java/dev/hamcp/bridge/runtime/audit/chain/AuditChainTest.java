package dev.hamcp.bridge.runtime.audit.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hamcp.bridge.runtime.support.Api;
import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The chain covers what the API records, and a verification names each kind of tampering in
 * PostgreSQL by its position. Every test puts back what it changed before it ends, so the chain
 * verifies again for every other test of this JVM, whatever their order.
 */
class AuditChainTest extends BridgeIntegrationTest {

    private static final Duration CHAINED = Duration.ofSeconds(30);

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    MeterRegistry meters;

    @Test
    void theEventsOfTheApiAreChainedAndAnUntouchedHistoryVerifiesIntact() {
        var user = api.newUser();
        api.login(user);
        long last = awaitChained(positionsOf(user.userId()));

        var report = verify();

        assertThat(report).containsEntry("intact", true);
        assertThat(report.get("firstBreak")).isNull();
        assertThat(number(report, "headPosition")).isGreaterThanOrEqualTo(last);
        assertThat(number(report, "events"))
                .isGreaterThanOrEqualTo(positionsOf(user.userId()).size());
    }

    @Test
    void anEditedPayloadIsReportedAsEditedAtItsPosition() {
        var user = api.newUser();
        long position = awaitChained(positionsOf(user.userId()));
        byte[] original = payloadAt(position);
        try {
            byte[] edited = (new String(original, StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8);
            jdbc.update("UPDATE domain_event_entry SET payload = ? WHERE global_index = ?", edited, position);

            assertBreak(verify(), "EDITED", position);
        } finally {
            jdbc.update("UPDATE domain_event_entry SET payload = ? WHERE global_index = ?", original, position);
        }
        assertThat(verify()).containsEntry("intact", true);
    }

    @Test
    void aDeletedRowIsReportedAsDeletedAtItsPosition() {
        var user = api.newUser();
        long position = awaitChained(positionsOf(user.userId()));
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM domain_event_entry WHERE global_index = ?", position);
        try {
            jdbc.update("DELETE FROM domain_event_entry WHERE global_index = ?", position);

            assertBreak(verify(), "DELETED", position);
        } finally {
            jdbc.update(
                    "INSERT INTO domain_event_entry (global_index, aggregate_identifier, sequence_number, type,"
                            + " event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    row.get("global_index"),
                    row.get("aggregate_identifier"),
                    row.get("sequence_number"),
                    row.get("type"),
                    row.get("event_identifier"),
                    row.get("meta_data"),
                    row.get("payload"),
                    row.get("payload_revision"),
                    row.get("payload_type"),
                    row.get("time_stamp"));
        }
        assertThat(verify()).containsEntry("intact", true);
    }

    @Test
    void twoRowsSwappedBetweenTheirPositionsAreReportedAsReorderedAtBoth() {
        long first = awaitChained(positionsOf(api.newUser().userId()));
        long second = awaitChained(positionsOf(api.newUser().userId()));
        try {
            swap(first, second);

            var found = assertBreak(verify(), "REORDERED", first);
            assertThat(number(found, "otherPosition")).isEqualTo(second);
        } finally {
            swap(first, second);
        }
        assertThat(verify()).containsEntry("intact", true);
    }

    @Test
    void aRolledBackPositionIsChainedAsAGapAndARowForcedIntoItIsReportedAsInserted() throws SQLException {
        long gap;
        try (var connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            gap = insertForged(connection, null);
            connection.rollback();
        }
        awaitChained(positionsOf(api.newUser().userId()));
        await().atMost(CHAINED)
                .until(() -> jdbc.queryForObject(
                                "SELECT count(*) FROM audit_chain_entry WHERE kind = 'G' AND first_position <= ?"
                                        + " AND last_position >= ?",
                                Long.class,
                                gap,
                                gap)
                        == 1);
        assertThat(verify()).containsEntry("intact", true);
        try (var connection = dataSource.getConnection()) {
            insertForged(connection, gap);

            assertBreak(verify(), "INSERTED", gap);
        } finally {
            jdbc.update("DELETE FROM domain_event_entry WHERE global_index = ?", gap);
        }
        assertThat(verify()).containsEntry("intact", true);
    }

    @Test
    void aRowForgedBeforeTheFirstPositionIsReportedAsInserted() throws SQLException {
        awaitChained(positionsOf(api.newUser().userId()));
        try (var connection = dataSource.getConnection()) {
            insertForged(connection, 0L);

            assertBreak(verify(), "INSERTED", 0);
        } finally {
            jdbc.update("DELETE FROM domain_event_entry WHERE global_index = 0");
        }
        assertThat(verify()).containsEntry("intact", true);
    }

    /**
     * Another node's batch holds the lock row: this node chains nothing, a writer of its own stands
     * by, and the lag gauges show the waiting event until the lock is let go.
     */
    @Test
    void whileAnotherNodeHoldsTheLockThisOneStandsByAndTheLagShowsTheWaitingEvents() throws SQLException {
        awaitChained(positionsOf(api.newUser().userId()));
        List<Long> waiting;
        try (var otherNode = dataSource.getConnection()) {
            otherNode.setAutoCommit(false);
            lock(otherNode);

            waiting = positionsOf(api.newUser().userId());
            var standby = new ChainWriter(dataSource, Duration.ofSeconds(5), 10).chainOnce();

            assertThat(standby.standby()).isTrue();
            await().atMost(CHAINED).until(() -> gauge("bridge.audit.chain.lag.events") >= waiting.size());
            assertThat(chainedThrough()).isLessThan(waiting.getFirst());
            assertThat(gauge("bridge.audit.chain.lag.seconds")).isGreaterThanOrEqualTo(0);
            otherNode.rollback();
        }
        awaitChained(waiting);
        await().atMost(CHAINED).until(() -> gauge("bridge.audit.chain.lag.events") == 0);
    }

    private Map<String, Object> verify() {
        return api.post("/admin/security/audit/verify", api.admin().accessToken(), null)
                .expectStatus()
                .isOk()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();
    }

    /** Asserts the report names its first break as {@code kind} at {@code position}; that break. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> assertBreak(Map<String, Object> report, String kind, long position) {
        assertThat(report).containsEntry("intact", false);
        var found = (Map<String, Object>) report.get("firstBreak");
        assertThat(found).as("the first break").containsEntry("kind", kind);
        assertThat(number(found, "position")).as("the first break's position").isEqualTo(position);
        return found;
    }

    private List<Long> positionsOf(String aggregateId) {
        return jdbc.queryForList(
                "SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY global_index",
                Long.class,
                aggregateId);
    }

    /** Waits until the chain covers every one of {@code positions}; the first of them. */
    private long awaitChained(List<Long> positions) {
        assertThat(positions).isNotEmpty();
        long last = positions.getLast();
        await().atMost(CHAINED).until(() -> chainedThrough() >= last);
        return positions.getFirst();
    }

    private long chainedThrough() {
        return jdbc.queryForObject("SELECT coalesce(max(last_position), 0) FROM audit_chain_entry", Long.class);
    }

    private byte[] payloadAt(long position) {
        return jdbc.queryForObject(
                "SELECT payload FROM domain_event_entry WHERE global_index = ?", byte[].class, position);
    }

    /** Moves each row's content to the other's position, through a position no row uses. */
    private void swap(long first, long second) {
        jdbc.update("UPDATE domain_event_entry SET global_index = -1 WHERE global_index = ?", first);
        jdbc.update("UPDATE domain_event_entry SET global_index = ? WHERE global_index = ?", first, second);
        jdbc.update("UPDATE domain_event_entry SET global_index = ? WHERE global_index = -1", second);
    }

    /**
     * A row no handler knows (its payload type names no class), at {@code position} or the next
     * position of the sequence when null; answers its position.
     */
    private static long insertForged(Connection connection, Long position) throws SQLException {
        String columns = "aggregate_identifier, sequence_number, type, event_identifier, meta_data, payload,"
                + " payload_revision, payload_type, time_stamp";
        String sql = position == null
                ? "INSERT INTO domain_event_entry (" + columns + ") VALUES (?, 0, 'Forged', ?, ?, ?, NULL, ?, ?)"
                        + " RETURNING global_index"
                : "INSERT INTO domain_event_entry (" + columns
                        + ", global_index) VALUES (?, 0, 'Forged', ?, ?, ?, NULL," + " ?, ?, ?) RETURNING global_index";
        try (var statement = connection.prepareStatement(sql)) {
            statement.setString(1, "forged-" + UUID.randomUUID());
            statement.setString(2, UUID.randomUUID().toString());
            statement.setBytes(3, "{}".getBytes(StandardCharsets.UTF_8));
            statement.setBytes(4, "{}".getBytes(StandardCharsets.UTF_8));
            statement.setString(5, "dev.hamcp.forged.NoSuchEvent");
            statement.setString(6, Instant.now().toString());
            if (position != null) {
                statement.setLong(7, position);
            }
            try (var result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static void lock(Connection connection) throws SQLException {
        try (var statement = connection.prepareStatement("SELECT id FROM audit_chain_lock WHERE id = 1 FOR UPDATE");
                var result = statement.executeQuery()) {
            assertThat(result.next()).isTrue();
        }
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    private static long number(Map<String, Object> body, String member) {
        return ((Number) body.get(member)).longValue();
    }
}
