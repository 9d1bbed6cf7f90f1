package dev.hamcp.bridge.runtime.audit.trail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hamcp.bridge.runtime.support.Api;
import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The administrators' audit trail: filtered pages of sentences, redacted payloads, exports and a live stream. */
class AuditTrailApiTest extends BridgeIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aGrantReadsAsASentenceNamingWhoWhomFromWhereAndWhy() {
        var bob = api.newUser();
        var admin = api.admin();
        String adminName = (String) api.read("/auth/me", admin.accessToken()).get("username");
        String address = newClientAddress();

        clientFrom(address)
                .put()
                .uri("/permissions/user/" + bob.userId())
                .headers(h -> {
                    h.setBearerAuth(admin.accessToken());
                    h.set("X-Audit-Reason", "kitchen tablet");
                })
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tool", "Hass*", "levels", List.of("read", "write")))
                .exchange()
                .expectStatus()
                .isOk();

        var event = await().atMost(WAIT)
                .until(() -> items("user=" + bob.userId() + "&type=PermissionGranted", admin), page -> page.size() == 1)
                .getFirst();
        assertThat(event.get("summary"))
                .isEqualTo(adminName + " granted read, write on 'Hass*' to " + bob.username() + ", from " + address
                        + ", reason: 'kitchen tablet'");
        assertThat(event)
                .containsEntry("type", "PermissionGranted")
                .containsEntry("user", bob.userId())
                .containsEntry("userName", bob.username())
                .containsEntry("actorName", adminName)
                .containsEntry("clientIp", address);
        assertThat(map(event.get("metadata"))).containsEntry("reason", "kitchen tablet");
        assertThat(map(event.get("payload"))).containsKey("grant");
    }

    @Test
    void filtersHoldTogetherAndPagesFollowTheCursorNewestFirst() {
        var user = api.newUser();
        var other = api.newUser();
        for (int i = 0; i < 3; i++) {
            api.login(user);
        }
        api.login(other);
        var admin = api.admin();
        String filter = "user=" + user.username() + "&type=SessionStarted,UserRegistered";
        await().atMost(WAIT).until(() -> items(filter + "&limit=10", admin).size() == 4);

        var first = api.read("/admin/security/audit?" + filter + "&limit=3", admin.accessToken());
        var firstItems = Api.items(first);
        assertThat(firstItems)
                .extracting(item -> item.get("type"))
                .containsExactly("SessionStarted", "SessionStarted", "SessionStarted");
        assertThat(firstItems).allSatisfy(item -> assertThat(item).containsEntry("user", user.userId()));
        assertThat(positions(firstItems)).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(first.get("nextCursor"))
                .isEqualTo(String.valueOf(positions(firstItems).getLast()));

        var second = api.read(
                "/admin/security/audit?" + filter + "&limit=3&before=" + first.get("nextCursor"), admin.accessToken());
        assertThat(Api.items(second)).extracting(item -> item.get("type")).containsExactly("UserRegistered");
        assertThat(second.get("nextCursor")).isNull();
    }

    @Test
    void noHashOrCiphertextLeavesTheTrailThoughTheEventsHoldThem() {
        var user = api.newUser();
        String jwt = api.login(user).accessToken();
        api.post("/api/tokens/generate", jwt, Map.of("name", "redaction"))
                .expectStatus()
                .isCreated();
        var admin = api.admin();
        List<String> secrets = jdbc
                .queryForList(
                        "SELECT convert_from(payload, 'UTF8') FROM domain_event_entry WHERE aggregate_identifier = ?"
                                + " OR payload_type LIKE '%ApiTokenIssued' AND convert_from(payload, 'UTF8') LIKE ?",
                        String.class, user.userId(), "%" + user.userId() + "%")
                .stream()
                .map(JSON::readTree)
                .flatMap(payload -> List.of("passwordHash", "refreshTokenHash", "tokenHash").stream()
                        .map(payload::path)
                        .filter(JsonNode::isString)
                        .map(JsonNode::asString))
                .toList();
        assertThat(secrets).hasSizeGreaterThanOrEqualTo(3);

        await().atMost(WAIT).until(() -> items("user=" + user.userId(), admin).size() >= 3);
        String page = api.get("/admin/security/audit?user=" + user.userId(), admin.accessToken())
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        String export = export("user=" + user.userId() + "&format=jsonl", admin);

        assertThat(page).contains("\"passwordHash\":\"[redacted]\"", "\"tokenHash\":\"[redacted]\"");
        for (String secret : secrets) {
            assertThat(page).doesNotContain(secret);
            assertThat(export).doesNotContain(secret);
        }
    }

    @Test
    void theExportHoldsTheFilteredSetAsJsonLinesOrCsv() {
        var user = api.newUser();
        api.login(user);
        api.login(user);
        var admin = api.admin();
        String filter = "user=" + user.userId() + "&type=UserRegistered&type=SessionStarted";
        await().atMost(WAIT).until(() -> items(filter, admin).size() == 3);

        var lines = export(filter + "&format=jsonl", admin).lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines)
                .allSatisfy(line ->
                        assertThat(JSON.readTree(line).path("user").asString()).isEqualTo(user.userId()));

        var csv = export(filter + "&format=csv", admin).split("\r\n");
        assertThat(csv).hasSize(4);
        assertThat(csv[0]).isEqualTo(String.join(",", AuditController.CSV_COLUMNS));
        assertThat(csv[1]).contains(",SessionStarted,").contains(user.userId());

        Api.expectProblem(
                api.get("/admin/security/audit/export?format=xlsx", admin.accessToken()), 400, "validation-failed");
    }

    @Test
    void badFiltersAreRefusedWithAProblem() {
        var admin = api.admin();
        for (String query : List.of(
                "limit=0",
                "limit=501",
                "before=-1",
                "before=x",
                "type=not-a-type",
                "from=yesterday",
                "colour=red",
                "from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z")) {
            Api.expectProblem(api.get("/admin/security/audit?" + query, admin.accessToken()), 400, "validation-failed");
        }
    }

    @Test
    void theLiveStreamResumesAfterLastEventIdThenTellsNewEventsAsTheyAreIndexed() throws Exception {
        var user = api.newUser();
        api.login(user);
        var admin = api.admin();
        var known = await().atMost(WAIT)
                .until(
                        () -> items("user=" + user.userId() + "&type=UserRegistered,SessionStarted", admin),
                        page -> page.size() == 2);
        long registered = positions(known).getLast();
        long signedIn = positions(known).getFirst();

        var received = new LinkedBlockingQueue<ServerSentEvent<String>>();
        var subscription = http.mutate()
                .responseTimeout(Duration.ofMinutes(1))
                .build()
                .get()
                .uri("/admin/security/audit/stream?user=" + user.userId() + "&type=SessionStarted,UserDisabled")
                .headers(h -> {
                    h.setBearerAuth(admin.accessToken());
                    h.set("Last-Event-ID", Long.toString(registered));
                })
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
                .getResponseBody()
                .filter(event -> event.id() != null)
                .subscribe(received::add);
        try {
            var missed = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(missed).isNotNull();
            assertThat(missed.id()).isEqualTo(Long.toString(signedIn));
            assertThat(missed.event()).isEqualTo("audit");
            assertThat(JSON.readTree(missed.data()).path("type").asString()).isEqualTo("SessionStarted");

            api.post("/admin/users/" + user.userId() + "/disable", admin.accessToken(), null)
                    .expectStatus()
                    .isNoContent();

            var fresh = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(fresh).isNotNull();
            assertThat(Long.parseLong(fresh.id())).isGreaterThan(signedIn);
            assertThat(JSON.readTree(fresh.data()).path("type").asString()).isEqualTo("UserDisabled");
        } finally {
            subscription.dispose();
        }
    }

    private List<Map<String, Object>> items(String query, Api.Session admin) {
        return Api.items(api.read("/admin/security/audit?" + query, admin.accessToken()));
    }

    private String export(String query, Api.Session admin) {
        return api.get("/admin/security/audit/export?" + query, admin.accessToken())
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    private static List<Long> positions(List<Map<String, Object>> items) {
        return items.stream()
                .map(item -> ((Number) item.get("position")).longValue())
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
