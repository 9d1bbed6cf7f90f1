package dev.hamcp.bridge.runtime.audit.trail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hamcp.bridge.runtime.support.Api;
import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The security statistics count what happened, each from where it is recorded; invalid tokens
 * are counted durably (a row per hour and kind) without the token or the address.
 */
class SecurityStatsTest extends BridgeIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    InvalidTokenAttempts invalidTokens;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void signInsFailuresLockoutsTokensAndInvalidTokensAreCountedInTheirHour() {
        var admin = api.admin();
        awaitIndexed();
        var before = thisHour(admin);
        var user = api.newUser();
        var client = clientFrom(newClientAddress());
        api.login(user);
        for (int i = 0; i < 5; i++) {
            // The fifth wrong password locks the account, and is answered as locked (429).
            client.post()
                    .uri("/auth/login")
                    .bodyValue(Map.of("username", user.username(), "password", "not the password"))
                    .exchange()
                    .expectStatus()
                    .isEqualTo(i < 4 ? 401 : 429);
        }
        String jwt = api.login(api.newUser()).accessToken();
        String tokenId = (String) api.post("/api/tokens/generate", jwt, Map.of("name", "counted"))
                .expectStatus()
                .isCreated()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody()
                .get("id");
        api.delete("/api/tokens/" + tokenId, jwt).expectStatus().isNoContent();
        for (String bogus : List.of("mcp_not_a_token_at_all", "eyJhbGciOiJIUzI1NiJ9.e30.forged")) {
            clientFrom(newClientAddress())
                    .get()
                    .uri("/auth/me")
                    .headers(h -> h.setBearerAuth(bogus))
                    .exchange()
                    .expectStatus()
                    .isUnauthorized();
        }

        await().atMost(WAIT).untilAsserted(() -> {
            var after = thisHour(admin);
            assertThat(delta(before, after, "logins")).isEqualTo(2);
            assertThat(delta(before, after, "failedLogins")).isEqualTo(5);
            assertThat(delta(before, after, "lockouts")).isEqualTo(1);
            assertThat(delta(before, after, "tokensIssued")).isEqualTo(1);
            assertThat(delta(before, after, "tokensRevoked")).isEqualTo(1);
            assertThat(delta(before, after, "invalidTokenAttempts")).isEqualTo(2);
        });
    }

    @Test
    void invalidTokenCountsAreWrittenPerHourAndKindWithoutTheTokenOrTheAddress() {
        String address = newClientAddress();
        clientFrom(address)
                .get()
                .uri("/auth/me")
                .headers(h -> h.setBearerAuth("mcp_a_guess_written_down"))
                .exchange()
                .expectStatus()
                .isUnauthorized();

        invalidTokens.flush();

        String rows = jdbc.queryForList("SELECT * FROM invalid_token_attempts").toString();
        assertThat(rows)
                .contains("API_TOKEN")
                .doesNotContain("a_guess_written_down")
                .doesNotContain(address);
        assertThat(jdbc.queryForObject(
                        "SELECT attempts FROM invalid_token_attempts WHERE hour = date_trunc('hour', now()) AND kind = 'API_TOKEN'",
                        Long.class))
                .isPositive();
    }

    @Test
    void aDailyRangeHasOnePointPerDayAndBadRangesAreRefused() {
        var admin = api.admin();
        var stats = api.read(
                "/admin/security/stats?bucket=day&from=2026-11-01T00:00:00Z&to=2026-11-08T00:00:00Z",
                admin.accessToken());
        assertThat(Api.items(Map.of("items", stats.get("points")))).hasSize(7);
        for (String query : List.of(
                "bucket=week",
                "bucket=hour&from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z",
                "from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z",
                "to=soon",
                "colour=red")) {
            Api.expectProblem(api.get("/admin/security/stats?" + query, admin.accessToken()), 400, "validation-failed");
        }
    }

    /** Until the audit index holds every event of the store, so that counts before a test are its own. */
    private void awaitIndexed() {
        await().atMost(WAIT)
                .until(() -> jdbc.queryForObject(
                        "SELECT (SELECT COALESCE(MAX(global_index), 0) FROM domain_event_entry)"
                                + " = (SELECT COALESCE(MAX(position), 0) FROM audit_event)",
                        Boolean.class));
    }

    /** The point of the current hour. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> thisHour(Api.Session admin) {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        var stats = api.read(
                "/admin/security/stats?bucket=hour&from=" + hour + "&to=" + hour.plus(1, ChronoUnit.HOURS),
                admin.accessToken());
        var points = (List<Map<String, Object>>) stats.get("points");
        assertThat(points).hasSize(1);
        return points.getFirst();
    }

    private static long delta(Map<String, Object> before, Map<String, Object> after, String measure) {
        return ((Number) after.get(measure)).longValue() - ((Number) before.get(measure)).longValue();
    }
}
