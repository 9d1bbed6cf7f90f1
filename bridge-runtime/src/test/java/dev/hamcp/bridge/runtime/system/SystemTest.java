package dev.hamcp.bridge.runtime.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hamcp.bridge.api.maintenance.Housekeeping;
import dev.hamcp.bridge.runtime.database.DatabaseProperties;
import dev.hamcp.bridge.runtime.support.Api;
import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The maintenance endpoints: what the installation is and holds, and the request log purged on demand, audited. */
class SystemTest extends BridgeIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DatabaseProperties database;

    @Test
    void theSystemSaysWhatItIsWithoutAnySecret() {
        Map<String, Object> system = api.read("/admin/system", api.admin().accessToken());

        assertThat(system).containsEntry("database", database.embedded() ? "embedded" : "external");
        assertThat((String) system.get("databaseServer")).startsWith("PostgreSQL ");
        assertThat(system.get("version")).isNotNull();
        assertThat(system).containsKeys("requestLogRetention", "logFileRetentionDays", "checkpointInterval");
        assertThat(system.toString()).doesNotContainIgnoringCase("password").doesNotContain("jdbc:");
    }

    @Test
    void theStatsCountTheLastDaysCallsByOutcomeAndWhatTheDatabaseHolds() {
        insertCall(Instant.now().minus(Duration.ofHours(1)), "DENIED");

        Map<String, Object> stats = api.read("/admin/stats", api.admin().accessToken());

        assertThat((Map<String, Object>) stats.get("callsLastDay")).containsKey("DENIED");
        assertThat(number(stats, "callsLastDayFailed")).isPositive();
        assertThat(number(stats, "requestLogRows")).isPositive();
        assertThat(number(stats, "events")).isPositive();
        assertThat(number(stats, "users")).isPositive();
        assertThat(number(stats, "databaseBytes")).isPositive();
        assertThat(stats).containsKeys("openSignInSessions", "logFiles", "logBytes", "requestLogBytes");
    }

    @Test
    void aCleanupDeletesTheRowsPastTheRetentionNowAndRecordsWhoDidItAndWhy() {
        String admin = api.admin().accessToken();
        long old = insertCall(Instant.now().minus(Duration.ofDays(400)), "OK");
        long recent = insertCall(Instant.now().minus(Duration.ofMinutes(5)), "OK");

        Map<String, Object> cleanup = http.post()
                .uri("/admin/cleanup")
                .headers(h -> {
                    h.setBearerAuth(admin);
                    h.set("X-Audit-Reason", "disk nearly full");
                })
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();

        assertThat(number(cleanup, "deleted")).isPositive();
        assertThat(rowExists(old)).isFalse();
        assertThat(rowExists(recent)).isTrue();
        String metaData = jdbc.queryForObject(
                "SELECT convert_from(meta_data, 'UTF8') FROM domain_event_entry WHERE aggregate_identifier = ?"
                        + " ORDER BY sequence_number DESC LIMIT 1",
                String.class,
                Housekeeping.ID);
        assertThat(metaData).contains("disk nearly full").contains("\"clientIp\":\"127.0.0.1\"");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                        Api.items(api.read("/admin/security/audit?type=RequestLogPurged&limit=1", admin)))
                .singleElement()
                .satisfies(item -> assertThat((String) item.get("summary"))
                        .contains("deleted " + cleanup.get("deleted") + " request log rows older than 20")
                        .contains("reason: 'disk nearly full'")));
    }

    @Test
    void aCleanupWithAnOverlongReasonIsRefusedBeforeAnythingIsDeleted() {
        long old = insertCall(Instant.now().minus(Duration.ofDays(400)), "OK");

        Api.expectProblem(
                http.post()
                        .uri("/admin/cleanup")
                        .headers(h -> {
                            h.setBearerAuth(api.admin().accessToken());
                            h.set("X-Audit-Reason", "x".repeat(501));
                        })
                        .exchange(),
                400,
                "validation-failed");
        assertThat(rowExists(old)).isTrue();
    }

    private long insertCall(Instant at, String outcome) {
        return jdbc.queryForObject(
                "INSERT INTO request_log (at, user_id, credential_id, tool, upstream, outcome, latency_ms,"
                        + " request_bytes, response_bytes, client_ip)"
                        + " VALUES (?, 'system-test', 'system-test', 'GetDateTime', 'homeassistant', ?, 3, 10, 20,"
                        + " '127.0.0.1') RETURNING id",
                Long.class,
                Timestamp.from(at),
                outcome);
    }

    private boolean rowExists(long id) {
        return !jdbc.queryForList("SELECT id FROM request_log WHERE id = ?", Long.class, id)
                .equals(List.of());
    }

    private static long number(Map<String, Object> body, String key) {
        return ((Number) body.get(key)).longValue();
    }
}
