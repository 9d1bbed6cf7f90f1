package dev.hamcp.bridge.runtime.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hamcp.bridge.runtime.support.Api;
import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import dev.hamcp.bridge.runtime.support.LogFiles;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Every change records who, from where and why; no secret reaches an event, a table or a log. */
class AuditTrailTest extends BridgeIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anAdministratorsChangeRecordsWhoFromWhereAndWhy() {
        var user = api.newUser();
        var admin = api.admin();
        String adminId = (String) api.get("/auth/me", admin.accessToken())
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody()
                .get("userId");

        http.post()
                .uri("/admin/users/" + user.userId() + "/disable")
                .headers(h -> {
                    h.setBearerAuth(admin.accessToken());
                    h.set("X-Audit-Reason", "lost their phone");
                    h.set("X-Correlation-Id", "audit-trail-0001");
                })
                .exchange()
                .expectStatus()
                .isNoContent()
                .expectHeader()
                .valueEquals("X-Correlation-Id", "audit-trail-0001");

        Map<String, Object> metaData = metaDataOf(user.userId(), "UserDisabled");
        assertThat(metaData)
                .containsEntry("actor", adminId)
                .containsEntry("reason", "lost their phone")
                .containsEntry("correlationId", "audit-trail-0001")
                .containsEntry("clientIp", "127.0.0.1");
    }

    @Test
    void aSelfRegistrationAndALoginAreRecordedWithTheirOrigin() {
        var user = api.newUser();
        api.login(user);

        assertThat(metaDataOf(user.userId(), "UserRegistered"))
                .containsEntry("actor", "anonymous")
                .containsEntry("clientIp", "127.0.0.1")
                .containsKey("correlationId");
        assertThat(metaDataOf(user.userId(), "SessionStarted"))
                .containsEntry("clientIp", "127.0.0.1")
                .containsKeys("correlationId", "userAgent");
    }

    @Test
    void noPasswordOrTokenIsStoredInEventsTablesOrLogs() throws IOException {
        var user = api.newUser();
        var session = api.login(user);
        var rotated = Api.session(api.post("/auth/refresh", null, Map.of("refreshToken", session.refreshToken()))
                .expectStatus()
                .isOk()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody());
        String newPassword = "second secret passphrase " + user.username();
        api.post(
                        "/auth/password",
                        rotated.accessToken(),
                        Map.of("currentPassword", user.password(), "newPassword", newPassword))
                .expectStatus()
                .isNoContent();
        List<String> secrets = List.of(
                user.password(),
                newPassword,
                session.refreshToken(),
                rotated.refreshToken(),
                secretPart(session.refreshToken()),
                session.accessToken(),
                rotated.accessToken());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.queryForObject(
                                "SELECT count(*) FROM users WHERE user_id = ? AND last_login_at IS NOT NULL",
                                Long.class,
                                user.userId())
                        == 1);

        String events = String.join(
                "\n",
                jdbc.queryForList(
                        "SELECT convert_from(payload, 'UTF8') || convert_from(meta_data, 'UTF8') FROM domain_event_entry",
                        String.class));
        String tables =
                jdbc.queryForList("SELECT * FROM users").toString() + jdbc.queryForList("SELECT * FROM user_sessions");
        String logs = LogFiles.all();

        assertThat(events).contains(user.username());
        assertThat(logs).isNotEmpty();
        for (String secret : secrets) {
            assertThat(events).as("events").doesNotContain(secret);
            assertThat(tables).as("read models").doesNotContain(secret);
            assertThat(logs).as("logs").doesNotContain(secret);
        }
    }

    @Test
    void logLinesAreJsonObjectsWithTimeLevelLoggerMessageAndCorrelationId() throws IOException {
        http.post()
                .uri("/auth/login")
                .header("X-Correlation-Id", "log-shape-0001")
                .bodyValue(Map.of("username", "nobody-here", "password", "whatever it is"))
                .exchange()
                .expectStatus()
                .isUnauthorized();

        String logs = LogFiles.all();
        var lines = logs.lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines).isNotEmpty().allSatisfy(line -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> entry = JSON.readValue(line, Map.class);
            assertThat(entry).containsKeys("@timestamp", "level", "logger_name", "message");
        });
    }

    @Test
    void aLogLineOfAnAuthenticatedRequestNamesTheUserAndTheCorrelationId() throws IOException {
        var user = api.newUser();
        var session = api.login(user);

        http.get()
                .uri("/admin/users")
                .headers(h -> {
                    h.setBearerAuth(session.accessToken());
                    h.set("X-Correlation-Id", "log-user-" + user.username());
                })
                .exchange()
                .expectStatus()
                .isForbidden();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                        LogFiles.all().lines().filter(line -> line.contains("log-user-" + user.username())))
                .anySatisfy(line -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> entry = JSON.readValue(line, Map.class);
                    assertThat(entry).containsEntry("userId", user.userId()).containsEntry("level", "WARN");
                }));
    }

    private Map<String, Object> metaDataOf(String aggregateId, String eventType) {
        String json = jdbc.queryForObject(
                "SELECT convert_from(meta_data, 'UTF8') FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE ? "
                        + "ORDER BY sequence_number DESC LIMIT 1",
                String.class,
                aggregateId,
                "%." + eventType);
        @SuppressWarnings("unchecked")
        Map<String, Object> metaData = JSON.readValue(json, Map.class);
        return metaData;
    }

    private static String secretPart(String refreshToken) {
        return refreshToken.substring(refreshToken.indexOf('.') + 1);
    }

    /** Every log file the test JVM has written (another test may have pointed logging elsewhere). */
}
