package dev.hamcp.bridge.runtime.audit;

import static dev.hamcp.bridge.runtime.support.Api.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hamcp.bridge.query.history.AccessHistory;
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

/**
 * Questions to the access history: who could call a tool at a moment and why, what a user or a
 * token could do, what changed between two moments, a token's life, and what a proposed change
 * would have done to the last days' calls. Answers built from a snapshot and the events after it
 * are the answers built from the events alone.
 */
class AccessHistoryTest extends BridgeIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AccessHistory history;

    @Test
    void whoCouldCallAToolAtEachMomentIsAnsweredWithTheRuleAndTheEventThatDecided() {
        var bob = api.newUser();
        var admin = api.admin().accessToken();
        var me = api.login(bob).accessToken();
        Instant byDefault = pause();

        grant(admin, bob.userId(), List.of("read"), "read only for now");
        Instant readOnly = pause();

        grant(admin, bob.userId(), List.of("read", "write"), "kitchen tablet");
        String narrow = issue(me, "tablet", List.of(Map.of("tool", "HassTurnOn", "levels", List.of("read"))));
        String full = issue(me, "full", null);
        Instant granted = pause();

        api.delete("/api/tokens/" + full, me).expectStatus().isNoContent();
        Instant revoked = pause();

        var atFirst = whoCould(admin, bob, byDefault);
        assertThat(holders(atFirst)).extracting(h -> h.get("tokenName")).containsExactly((Object) null);
        var why = reasons(holders(atFirst).getFirst());
        assertThat(why.getFirst()).containsEntry("rule", "default").containsEntry("pattern", "Hass*");
        assertThat(event(why.getFirst())).containsEntry("type", "DefaultPolicyChanged");

        assertThat(holders(whoCould(admin, bob, readOnly))).isEmpty();

        var atGranted = whoCould(admin, bob, granted);
        assertThat(holders(atGranted)).extracting(h -> h.get("tokenName")).containsExactly(null, "full");
        var rule = reasons(holders(atGranted).getFirst()).getFirst();
        assertThat(rule).containsEntry("rule", "grant").containsEntry("pattern", "HassTurnOn");
        assertThat(rule.get("levels")).isEqualTo(List.of("read", "write"));
        assertThat(event(rule))
                .containsEntry("type", "PermissionChanged")
                .containsEntry("actorName", "admin")
                .containsEntry("reason", "kitchen tablet");
        assertThat(event(rule).get("clientIp")).isNotNull();
        assertThat(holders(whoCould(admin, bob, revoked)))
                .extracting(h -> h.get("tokenName"))
                .containsExactly((Object) null);

        var tablet = api.read("/admin/security/access/what-could?token=" + narrow + "&at=" + granted, admin);
        var onTurnOn = items(tablet, "tools").stream()
                .filter(line -> line.get("tool").equals("HassTurnOn"))
                .findFirst()
                .orElseThrow();
        assertThat(onTurnOn).containsEntry("allowed", false).containsEntry("required", "write");
        assertThat(onTurnOn.get("levels")).isEqualTo(List.of("read"));
        assertThat(reasons(onTurnOn)).extracting(r -> r.get("rule")).contains("grant", "token subset");

        var changes = api.read(
                "/admin/security/access/changes?from=" + byDefault + "&to=" + readOnly + "&user=" + bob.userId(),
                admin);
        var mine = items(changes, "changes").stream()
                .filter(line -> bob.userId().equals(line.get("userId")))
                .toList();
        assertThat(mine).singleElement().satisfies(line -> {
            assertThat(line).containsEntry("tool", "HassTurnOn").containsEntry("allowedBefore", true);
            assertThat(line).containsEntry("allowedAfter", false);
            assertThat(event(line))
                    .containsEntry("type", "PermissionGranted")
                    .containsEntry("reason", "read only for now");
        });

        // The same answers from snapshots and the few events after the nearest one.
        history.takeSnapshots(Instant.now().plus(Duration.ofMinutes(2)));
        var fromSnapshot = whoCould(admin, bob, granted);
        assertThat(holders(fromSnapshot)).isEqualTo(holders(atGranted));
        var asOf = (Map<?, ?>) fromSnapshot.get("asOf");
        assertThat(((Number) asOf.get("snapshotPosition")).longValue()).isPositive();
        long accessEvents = jdbc.queryForObject(
                "SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE 'dev.hamcp.bridge.api.%'"
                        + " AND (payload_type LIKE '%Permission%' OR payload_type LIKE '%ApiToken%'"
                        + " OR payload_type LIKE '%UserRegistered')",
                Long.class);
        assertThat(((Number) asOf.get("eventsReplayed")).longValue()).isLessThan(accessEvents);
        assertThat(holders(whoCould(admin, bob, byDefault))).isEqualTo(holders(atFirst));
    }

    @Test
    void aTokensLifeTellsWhoIssuedItFromWhereEachChangeItsUsesPerDayAndItsEnd() {
        var dave = api.newUser();
        var me = api.login(dave).accessToken();
        String address = newClientAddress();
        var issued = clientFrom(address)
                .post()
                .uri("/api/tokens/generate")
                .headers(h -> h.setBearerAuth(me))
                .bodyValue(Map.of("name", "n8n"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();
        String tokenId = (String) issued.get("id");
        api.put(
                        "/api/tokens/" + tokenId + "/permissions",
                        me,
                        Map.of("permissions", List.of(Map.of("tool", "HassTurnOn", "levels", List.of("read")))))
                .expectStatus()
                .isOk();
        Instant today = Instant.now();
        logCall(dave.userId(), tokenId, "HassTurnOn", "OK", today.minus(Duration.ofDays(1)), "203.0.113.7");
        logCall(dave.userId(), tokenId, "HassTurnOn", "DENIED", today, "203.0.113.7");
        logCall(dave.userId(), tokenId, "GetLiveContext", "OK", today, "203.0.113.8");
        api.delete("/api/tokens/" + tokenId, me).expectStatus().isNoContent();

        var admin = api.admin().accessToken();
        String body = api.get("/admin/security/tokens/" + tokenId + "/life", admin)
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(body).doesNotContainIgnoringCase("hash").doesNotContain((String) issued.get("token"));
        var life = api.read("/admin/security/tokens/" + tokenId + "/life", admin);
        assertThat(life).containsEntry("status", "revoked").containsEntry("name", "n8n");
        assertThat(life).containsEntry("username", dave.username());
        var story = items(life, "story");
        assertThat(story)
                .extracting(step -> step.get("what"))
                .containsExactly("issued", "permissions changed", "revoked");
        assertThat(event(story.getFirst()))
                .containsEntry("actorName", dave.username())
                .containsEntry("clientIp", address);
        var uses = items(life, "uses");
        assertThat(uses).hasSize(2);
        assertThat(uses.getLast()).containsEntry("calls", 2);
        assertThat(uses.getLast().get("clientAddresses")).isEqualTo(List.of("203.0.113.7", "203.0.113.8"));
        assertThat(uses.getLast().get("byOutcome")).isEqualTo(Map.of("DENIED", 1, "OK", 1));

        expectProblem(api.get("/admin/security/tokens/no-such-token/life", admin), 404, "token-not-found");
    }

    @Test
    void whatIfReplaysTheLastDaysCallsThroughAProposedChangeWithoutApplyingIt() {
        var carol = api.newUser();
        var session = api.login(carol);
        var admin = api.admin().accessToken();
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        for (int i = 0; i < 3; i++) {
            logCall(carol.userId(), session.sessionId(), "HassTurnOn", "OK", hourAgo, "203.0.113.9");
        }
        logCall(carol.userId(), session.sessionId(), "RunTheSprinklers", "DENIED", hourAgo, "203.0.113.9");
        logCall(carol.userId(), session.sessionId(), "HassTurnOn", "OK", hourAgo.minus(Duration.ofDays(3)), null);

        var outcome = api.post(
                        "/admin/security/access/what-if",
                        admin,
                        Map.of(
                                "days",
                                2,
                                "grants",
                                List.of(Map.of(
                                        "userId",
                                        carol.userId(),
                                        "set",
                                        List.of(
                                                Map.of("tool", "HassTurnOn", "levels", List.of("read")),
                                                Map.of("tool", "RunTheSprinklers", "levels", List.of("execute")))))))
                .expectStatus()
                .isOk()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();
        var refused = items(outcome, "refused").stream()
                .filter(group -> carol.userId().equals(group.get("userId")))
                .toList();
        assertThat(refused).singleElement().satisfies(group -> {
            assertThat(group).containsEntry("tool", "HassTurnOn").containsEntry("calls", 3);
            assertThat(group).containsEntry("username", carol.username());
        });
        var allowed = items(outcome, "allowed").stream()
                .filter(group -> carol.userId().equals(group.get("userId")))
                .toList();
        assertThat(allowed).singleElement().satisfies(group -> assertThat(group)
                .containsEntry("tool", "RunTheSprinklers")
                .containsEntry("calls", 1));

        // Nothing was applied.
        var grants = api.read("/permissions/user/" + carol.userId(), admin);
        assertThat((List<?>) grants.get("grants")).isEmpty();

        expectProblem(api.post("/admin/security/access/what-if", admin, Map.of("days", 500)), 400, "validation-failed");
        expectProblem(
                api.post(
                        "/admin/security/access/what-if",
                        admin,
                        Map.of("grants", List.of(Map.of("userId", "nobody", "set", List.of())))),
                404,
                "user-not-found");
        expectProblem(
                api.post(
                        "/admin/security/access/what-if",
                        admin,
                        Map.of("defaults", List.of(Map.of("tool", "Hass**", "levels", List.of("read"))))),
                400,
                "invalid-tool-pattern");
    }

    @Test
    void malformedQuestionsAreRefusedAndNamed() {
        var admin = api.admin().accessToken();
        expectProblem(api.get("/admin/security/access/who-could?tool=Hass*", admin), 400, "validation-failed");
        expectProblem(
                api.get("/admin/security/access/who-could?tool=HassTurnOn&at=yesterday", admin),
                400,
                "validation-failed");
        expectProblem(
                api.get("/admin/security/access/who-could?tool=HassTurnOn&nope=1", admin), 400, "validation-failed");
        expectProblem(api.get("/admin/security/access/what-could", admin), 400, "validation-failed");
        expectProblem(api.get("/admin/security/access/what-could?user=nobody", admin), 404, "user-not-found");
        expectProblem(api.get("/admin/security/access/changes?to=" + Instant.now(), admin), 400, "validation-failed");
    }

    private void grant(String admin, String userId, List<String> levels, String reason) {
        http.put()
                .uri("/permissions/user/" + userId)
                .headers(h -> {
                    h.setBearerAuth(admin);
                    h.set("X-Audit-Reason", reason);
                })
                .bodyValue(Map.of("tool", "HassTurnOn", "levels", levels))
                .exchange()
                .expectStatus()
                .is2xxSuccessful();
    }

    private String issue(String accessToken, String name, List<Map<String, Object>> permissions) {
        var body = permissions == null ? Map.of("name", name) : Map.of("name", name, "permissions", permissions);
        return (String) api.post("/api/tokens/generate", accessToken, body)
                .expectStatus()
                .isCreated()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody()
                .get("id");
    }

    private Map<String, Object> whoCould(String admin, Api.User user, Instant at) {
        return api.read("/admin/security/access/who-could?tool=HassTurnOn&user=" + user.userId() + "&at=" + at, admin);
    }

    private void logCall(String userId, String credentialId, String tool, String outcome, Instant at, String ip) {
        jdbc.update(
                "INSERT INTO request_log (at, user_id, credential_id, tool, upstream, outcome, latency_ms,"
                        + " request_bytes, response_bytes, client_ip) VALUES (?, ?, ?, ?, 'home', ?, 1, 10, 10, ?)",
                Timestamp.from(at),
                userId,
                credentialId,
                tool,
                outcome,
                ip);
    }

    /** A moment strictly between what happened before it and what happens after it. */
    private static Instant pause() {
        Instant now = Instant.now();
        while (!Instant.now().isAfter(now.plusMillis(5))) {
            Thread.onSpinWait();
        }
        Instant moment = Instant.now();
        while (!Instant.now().isAfter(moment.plusMillis(5))) {
            Thread.onSpinWait();
        }
        return moment;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> holders(Map<String, Object> answer) {
        return items(answer, "holders");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(Map<String, Object> answer, String member) {
        return (List<Map<String, Object>>) answer.get(member);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> reasons(Map<String, Object> line) {
        return (List<Map<String, Object>>) line.get("why");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> event(Map<String, Object> reason) {
        return (Map<String, Object>) reason.get("event");
    }
}
