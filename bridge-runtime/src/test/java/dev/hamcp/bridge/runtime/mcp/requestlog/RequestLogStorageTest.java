package dev.hamcp.bridge.runtime.mcp.requestlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hamcp.bridge.api.user.Role;
import dev.hamcp.bridge.runtime.mcp.gateway.Caller;
import dev.hamcp.bridge.runtime.mcp.gateway.Priority;
import dev.hamcp.bridge.runtime.mcp.spec.JsonRpc;
import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The request log against the real table: entries arrive within moments, old ones are purged. */
class RequestLogStorageTest extends BridgeIntegrationTest {

    @Autowired
    RequestLog requestLog;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void recordedCallsAppearInTheTableWithWhoWhatHowAndHowBig() {
        var caller = caller();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        requestLog.record(RequestLogEntry.of(
                caller, at, "HassTurnOn", "home-assistant", RequestOutcome.OK, null, Duration.ofMillis(42), 120, 800));
        requestLog.record(RequestLogEntry.of(
                caller,
                at.plusSeconds(1),
                "HassTurnOff",
                null,
                RequestOutcome.ofErrorCode(JsonRpc.PERMISSION_DENIED),
                JsonRpc.PERMISSION_DENIED,
                Duration.ofMillis(3),
                90,
                150));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> rowsOf(caller.userId()).size() == 2);
        List<Map<String, Object>> rows = rowsOf(caller.userId());
        assertThat(rows.get(0))
                .containsEntry("credential_id", caller.credentialId())
                .containsEntry("tool", "HassTurnOn")
                .containsEntry("upstream", "home-assistant")
                .containsEntry("outcome", "OK")
                .containsEntry("error_code", null)
                .containsEntry("latency_ms", 42)
                .containsEntry("request_bytes", 120)
                .containsEntry("response_bytes", 800)
                .containsEntry("client_ip", "192.0.2.7");
        assertThat(((Timestamp) rows.get(0).get("at")).toInstant()).isEqualTo(at);
        assertThat(rows.get(1))
                .containsEntry("outcome", "DENIED")
                .containsEntry("error_code", JsonRpc.PERMISSION_DENIED)
                .containsEntry("upstream", null);
    }

    @Test
    void anOverlongToolNameIsCutToFitRatherThanLosingTheBatch() {
        var caller = caller();

        requestLog.record(RequestLogEntry.of(
                caller, Instant.now(), "x".repeat(1_000), "up", RequestOutcome.INVALID, -32602, Duration.ZERO, 1, 1));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> rowsOf(caller.userId()).size() == 1);
        assertThat((String) rowsOf(caller.userId()).get(0).get("tool")).hasSize(255);
    }

    @Test
    void purgingRemovesRowsPastTheRetentionAndKeepsRecentOnes() {
        var caller = caller();
        Instant now = Instant.now();
        requestLog.record(entry(caller, now.minus(Duration.ofDays(31)), "old"));
        requestLog.record(entry(caller, now.minus(Duration.ofDays(29)), "recent"));
        requestLog.record(entry(caller, now, "new"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> rowsOf(caller.userId()).size() == 3);

        assertThat(requestLog.purgeExpired().rows()).isPositive();

        assertThat(rowsOf(caller.userId())).extracting(row -> row.get("tool")).containsExactly("recent", "new");
    }

    @Test
    void theTableHasNoPlaceForArgumentsOrResults() {
        List<String> columns = jdbc.queryForList(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'request_log' ORDER BY ordinal_position",
                String.class);

        assertThat(columns)
                .containsExactly(
                        "id",
                        "at",
                        "user_id",
                        "credential_id",
                        "tool",
                        "upstream",
                        "outcome",
                        "error_code",
                        "latency_ms",
                        "request_bytes",
                        "response_bytes",
                        "client_ip");
    }

    private List<Map<String, Object>> rowsOf(String userId) {
        return jdbc.queryForList("SELECT * FROM request_log WHERE user_id = ? ORDER BY at", userId);
    }

    private static RequestLogEntry entry(Caller caller, Instant at, String tool) {
        return RequestLogEntry.of(caller, at, tool, "home-assistant", RequestOutcome.OK, null, Duration.ZERO, 1, 1);
    }

    private static Caller caller() {
        String userId = UUID.randomUUID().toString();
        return new Caller(userId, "someone", Role.USER, "session-" + userId, null, "192.0.2.7", Priority.INTERACTIVE);
    }
}
