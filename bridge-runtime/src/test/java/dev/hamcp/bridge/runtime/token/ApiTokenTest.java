package dev.hamcp.bridge.runtime.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hamcp.bridge.runtime.mcp.McpClient;
import dev.hamcp.bridge.runtime.support.Api;
import dev.hamcp.bridge.runtime.support.SimulatedHouseTest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Personal {@code mcp_} tokens, as a user would try them: created once, used by MCP clients and
 * the REST API, narrowed, limited to networks and a rate, revoked at once, with a usage history.
 */
class ApiTokenTest extends SimulatedHouseTest {

    private static final Map<String, Object> KITCHEN = Map.of("name", "Kitchen Light");
    private static final AtomicInteger ADDRESS = new AtomicInteger(1);

    @Autowired
    JdbcTemplate jdbc;

    private Api.User owner;
    private String ownerJwt;

    @BeforeEach
    void anOwner() {
        owner = api.newUser();
        ownerJwt = api.login(owner).accessToken();
    }

    @Test
    void theTokenIsShownOnceAndOnlyItsHashIsKept() {
        var generated = generate(Map.of("name", "LM Studio on the laptop", "expiresInDays", 30));
        String token = (String) generated.get("token");

        assertThat(token).matches("mcp_[A-Za-z0-9_-]{43}");
        assertThat(generated.get("prefix")).isEqualTo(token.substring(0, 12));
        var listed = api.get("/api/tokens", ownerJwt)
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(listed).contains("LM Studio on the laptop", "\"ACTIVE\"").doesNotContain(token);
        assertThat(listed).doesNotContain(dev.hamcp.bridge.query.token.TokenView.hash(token));
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM domain_event_entry WHERE convert_from(payload, 'UTF8') LIKE ?",
                        Long.class,
                        "%" + token.substring(12) + "%"))
                .isZero();
    }

    @Test
    void aTokenAuthenticatesMcpAndTheRestApiAsItsOwner() {
        String token = (String) generate(Map.of("name", "n8n")).get("token");

        var mcp = new McpClient(http, token).initialize();
        assertThat(mcp.call("HassTurnOn", KITCHEN).has("error")).isFalse();
        var me = api.get("/auth/me", token)
                .expectStatus()
                .isOk()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();
        assertThat(me).containsEntry("userId", owner.userId());
    }

    @Test
    void aRevokedTokenIsRefusedOnTheNextRequest() {
        var generated = generate(Map.of("name", "to revoke"));
        String token = (String) generated.get("token");
        var mcp = new McpClient(http, token).initialize();

        api.delete("/api/tokens/" + generated.get("id"), ownerJwt)
                .expectStatus()
                .isNoContent();

        mcp.request("tools/list", Map.of()).expectStatus().isUnauthorized();
        api.get("/permissions/me", token).expectStatus().isUnauthorized();
        var listed = api.get("/api/tokens", ownerJwt)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(listed).contains("\"REVOKED\"");
    }

    @Test
    void aNarrowedTokenMayUseOnlyItsSubsetOfTheOwnersRights() {
        String token = (String) generate(Map.of(
                        "name",
                        "read the time",
                        "permissions",
                        List.of(Map.of("tool", "GetDateTime", "levels", List.of("read")))))
                .get("token");

        var mcp = new McpClient(http, token).initialize();
        var listed = McpClient.json(mcp.request("tools/list", Map.of())).at("/result/tools");
        assertThat(listed.valueStream().map(tool -> tool.at("/name").asString()))
                .containsExactly("GetDateTime");
        assertThat(mcp.call("HassTurnOn", KITCHEN).at("/error/code").asInt()).isEqualTo(-32002);
        assertThat(new McpClient(http, ownerJwt)
                        .initialize()
                        .call("HassTurnOn", KITCHEN)
                        .has("error"))
                .isFalse();
    }

    @Test
    void aTokenCannotClaimMoreThanItsOwnerHolds() {
        Api.expectProblem(
                api.post(
                        "/api/tokens/generate",
                        ownerJwt,
                        Map.of(
                                "name",
                                "too much",
                                "permissions",
                                List.of(Map.of("tool", "HassTurnOn", "levels", List.of("execute"))))),
                400,
                "exceeds-own-rights");
        Api.expectProblem(
                api.post(
                        "/api/tokens/generate",
                        ownerJwt,
                        Map.of(
                                "name",
                                "unknown",
                                "permissions",
                                List.of(Map.of("tool", "NoSuchTool", "levels", List.of("read"))))),
                400,
                "unknown-tool");
        assertThat(tokensOf(owner)).isZero();
    }

    @Test
    void aTokenMintedWithATokenKeepsItsNarrowing() {
        String narrowed = (String) generate(Map.of(
                        "name",
                        "narrow",
                        "permissions",
                        List.of(Map.of("tool", "GetDateTime", "levels", List.of("read")))))
                .get("token");

        var child = api.post("/api/tokens/generate", narrowed, Map.of("name", "child"))
                .expectStatus()
                .isCreated()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();

        assertThat((List<?>) child.get("permissions")).hasSize(1);
    }

    @Test
    void anAdministratorsNarrowedTokenActsAsAPlainUserAndManagesNoCredentials() {
        String admin = api.admin().accessToken();
        String narrowed = (String) api.post(
                        "/api/tokens/generate",
                        admin,
                        Map.of(
                                "name",
                                "a script that reads the time",
                                "permissions",
                                List.of(Map.of("tool", "GetDateTime", "levels", List.of("read")))))
                .expectStatus()
                .isCreated()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody()
                .get("token");

        Api.expectProblem(api.get("/admin/users", narrowed), 403, "forbidden");
        Api.expectProblem(api.get("/permissions/defaults", narrowed), 403, "forbidden");
        Api.expectProblem(
                api.post("/auth/password", narrowed, Map.of("currentPassword", "x", "newPassword", "y-long-enough-1")),
                403,
                "forbidden");
        assertThat(new McpClient(http, narrowed)
                        .initialize()
                        .call("GetDateTime", Map.of())
                        .has("error"))
                .isFalse();
    }

    @Test
    void badExpiriesAndNetworksAreRefusedAndWriteNothing() {
        Api.expectProblem(
                api.post(
                        "/api/tokens/generate",
                        ownerJwt,
                        Map.of(
                                "name",
                                "past",
                                "expiresAt",
                                Instant.now().minusSeconds(60).toString())),
                400,
                "invalid-expiry");
        Api.expectProblem(
                api.post("/api/tokens/generate", ownerJwt, Map.of("name", "forever", "expiresInDays", 10_000)),
                400,
                "invalid-expiry");
        Api.expectProblem(
                api.post(
                        "/api/tokens/generate",
                        ownerJwt,
                        Map.of("name", "net", "allowedNetworks", List.of("10.0.0.0/33"))),
                400,
                "invalid-network");
        Api.expectProblem(
                api.post(
                        "/api/tokens/generate",
                        ownerJwt,
                        Map.of("name", "host", "allowedNetworks", List.of("example.org"))),
                400,
                "invalid-network");
        api.post("/api/tokens/generate", ownerJwt, Map.of("name", ""))
                .expectStatus()
                .isBadRequest();

        assertThat(tokensOf(owner)).isZero();
    }

    @Test
    void someoneElsesTokenAnswers404AndAnAdministratorMayRevokeIt() {
        var generated = generate(Map.of("name", "mine"));
        String stranger = api.login(api.newUser()).accessToken();
        String path = "/api/tokens/" + generated.get("id");

        Api.expectProblem(api.delete(path, stranger), 404, "token-not-found");
        Api.expectProblem(
                api.put(path + "/permissions", stranger, Map.of("permissions", List.of())), 404, "token-not-found");
        Api.expectProblem(api.get(path + "/usage", stranger), 404, "token-not-found");
        Api.expectProblem(api.get("/api/tokens?all=true", stranger), 403, "forbidden");

        String admin = api.admin().accessToken();
        assertThat(api.get("/api/tokens?all=true", admin)
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody())
                .contains((String) generated.get("id"));
        api.delete(path, admin).expectStatus().isNoContent();
        new McpClient(http, (String) generated.get("token"))
                .request("tools/list", Map.of())
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void aTokenOnlyWorksFromItsAllowedNetworks() {
        String token = (String) generate(Map.of("name", "home only", "allowedNetworks", List.of("192.168.1.0/24")))
                .get("token");

        Api.expectProblem(
                from("203.0.113.7")
                        .get()
                        .uri("/permissions/me")
                        .headers(h -> h.setBearerAuth(token))
                        .exchange(),
                403,
                "address-not-allowed");
        from("192.168.1.20")
                .get()
                .uri("/permissions/me")
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void aTokensOwnRateLimitRefusesWithAJsonRpcError() {
        String token = (String)
                generate(Map.of("name", "slow", "requestsPerMinute", 2)).get("token");
        var mcp = new McpClient(http, token).initialize();

        mcp.request("tools/list", Map.of()).expectStatus().isOk();
        mcp.request("tools/list", Map.of()).expectStatus().isOk();
        var refused = McpClient.json(mcp.request("tools/list", Map.of()));
        assertThat(refused.at("/error/code").asInt()).isEqualTo(-32003);
    }

    @Test
    void repeatedInvalidTokensFromOneAddressAreRefusedBeforeAnyLookup() {
        var guesser = from("198.51.100." + ADDRESS.getAndIncrement());
        String real = (String) generate(Map.of("name", "real")).get("token");
        for (int i = 0; i < 10; i++) {
            guesser.get()
                    .uri("/auth/me")
                    .headers(h -> h.setBearerAuth("mcp_guess" + System.nanoTime()))
                    .exchange()
                    .expectStatus()
                    .isUnauthorized();
        }

        Api.expectProblem(
                guesser.get()
                        .uri("/auth/me")
                        .headers(h -> h.setBearerAuth(real))
                        .exchange(),
                429,
                "rate-limited");
        from("198.51.100.250")
                .get()
                .uri("/auth/me")
                .headers(h -> h.setBearerAuth(real))
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void usageShowsCallsPerDayAndToolDenialsAndTheLastAddress() {
        var generated = generate(Map.of(
                "name", "used", "permissions", List.of(Map.of("tool", "GetDateTime", "levels", List.of("read")))));
        String token = (String) generated.get("token");
        var mcp = new McpClient(http, token).initialize();
        mcp.call("GetDateTime", Map.of());
        mcp.call("GetDateTime", Map.of());
        mcp.call("HassTurnOn", KITCHEN);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var usage = api.get("/api/tokens/" + generated.get("id") + "/usage", ownerJwt)
                    .expectStatus()
                    .isOk()
                    .expectBody(Api.json())
                    .returnResult()
                    .getResponseBody();
            assertThat(usage)
                    .containsEntry("calls", 3)
                    .containsEntry("denials", 1)
                    .containsEntry("lastIp", "127.0.0.1");
            assertThat(usage.get("lastUsedAt")).isNotNull();
            assertThat((List<?>) usage.get("perDay")).hasSize(1);
            assertThat((List<?>) usage.get("perTool")).anySatisfy(tool -> assertThat(tool.toString())
                    .contains("tool=GetDateTime")
                    .contains("calls=2"));
        });
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.queryForObject(
                                "SELECT count(*) FROM api_token_usage WHERE token_id = ?",
                                Long.class,
                                generated.get("id"))
                        == 1);
    }

    @Test
    void changingATokensPermissionsTakesEffectOnTheNextCall() {
        var generated = generate(Map.of("name", "changing"));
        String token = (String) generated.get("token");
        var mcp = new McpClient(http, token).initialize();

        api.put(
                        "/api/tokens/" + generated.get("id") + "/permissions",
                        ownerJwt,
                        Map.of("permissions", List.of(Map.of("tool", "Get*", "levels", List.of("read")))))
                .expectStatus()
                .isOk();

        assertThat(mcp.call("HassTurnOn", KITCHEN).at("/error/code").asInt()).isEqualTo(-32002);
        assertThat(mcp.call("GetDateTime", Map.of()).has("error")).isFalse();
    }

    private Map<String, Object> generate(Map<String, Object> body) {
        return api.post("/api/tokens/generate", ownerJwt, new HashMap<>(body))
                .expectStatus()
                .isCreated()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();
    }

    private long tokensOf(Api.User user) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%ApiTokenIssued'"
                        + " AND convert_from(payload, 'UTF8') LIKE ?",
                Long.class, "%" + user.userId() + "%");
    }

    /** A client behind the trusted loopback proxy, seen as {@code address}. */
    private WebTestClient from(String address) {
        return clientFrom(address)
                .mutate()
                .defaultHeader("Content-Type", MediaType.APPLICATION_JSON_VALUE)
                .build();
    }
}
