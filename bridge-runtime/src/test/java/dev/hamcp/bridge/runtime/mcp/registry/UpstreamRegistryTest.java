package dev.hamcp.bridge.runtime.mcp.registry;

import static dev.hamcp.bridge.runtime.support.Api.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hamcp.bridge.command.secret.SecretCipher;
import dev.hamcp.bridge.runtime.homeassistant.TestNamesResolverProvider;
import dev.hamcp.bridge.runtime.mcp.McpClient;
import dev.hamcp.bridge.runtime.simulator.BuiltInSimulator;
import dev.hamcp.bridge.runtime.support.Api;
import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import dev.hamcp.bridge.runtime.support.EverythingServer;
import dev.hamcp.bridge.runtime.support.LogFiles;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Administrators register shared upstreams over HTTP; users see them on their very next request. */
class UpstreamRegistryTest extends BridgeIntegrationTest {

    private static final String SIMULATOR_TOKEN = "test-simulator-token";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @Autowired
    BuiltInSimulator simulator;

    @Autowired
    JdbcTemplate jdbc;

    private final List<String> registered = new ArrayList<>();
    private String adminToken;

    @AfterEach
    void removeWhatThisTestRegistered() {
        for (String name : registered) {
            api.delete("/admin/upstreams/" + name, adminToken).returnResult(String.class);
        }
        simulator.simulator().resetHouse();
    }

    @Test
    void aRegisteredUpstreamIsOfferedOnlyToItsUsersUntilItIsRemoved() {
        adminToken = api.admin().accessToken();
        var allowed = api.newUser();
        var other = api.newUser();
        String name = uniqueName();

        Map<String, Object> summary = register(Map.of(
                        "name",
                        name,
                        "transport",
                        "STREAMABLE_HTTP",
                        "url",
                        simulatorUrl(),
                        "allowedUsers",
                        List.of(allowed.userId()),
                        "token",
                        SIMULATOR_TOKEN))
                .expectStatus()
                .isCreated()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();
        assertThat(summary).containsEntry("name", name).containsEntry("tokenFingerprint", fingerprint(SIMULATOR_TOKEN));
        assertThat(summary.toString()).doesNotContain(SIMULATOR_TOKEN);

        String allowedToken = api.login(allowed).accessToken();
        var client = new McpClient(http, allowedToken).initialize();
        assertThat(toolNames(client)).contains("simulator_HassTurnOn", name + "_HassTurnOn");
        var call = client.call(name + "_HassTurnOn", Map.of("name", "Kitchen Light"));
        assertThat(call.at("/result/isError").asBoolean(true)).isFalse();
        assertThat(simulator.simulator().state("light.kitchen").orElseThrow().state())
                .isEqualTo("on");

        var otherClient = new McpClient(http, api.login(other).accessToken()).initialize();
        assertThat(toolNames(otherClient)).contains("HassTurnOn").doesNotContain("simulator_HassTurnOn");
        // Its health, too, is shown only to those who may use it.
        String otherToken = api.login(other).accessToken();
        assertThat(api.get("/mcp/status", otherToken)
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody())
                .doesNotContain("\"" + name + "\"");
        assertThat(api.get("/mcp/status", allowedToken)
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody())
                .contains("\"" + name + "\"");

        api.delete("/admin/upstreams/" + name, adminToken).expectStatus().isNoContent();
        registered.remove(name);

        assertThat(toolNames(client)).contains("HassTurnOn").noneMatch(tool -> tool.startsWith(name + "_"));
    }

    @Test
    void theListShowsAFingerprintButNeverTheToken() {
        adminToken = api.admin().accessToken();
        String name = uniqueName();
        register(Map.of("name", name, "transport", "STREAMABLE_HTTP", "url", simulatorUrl(), "token", "list-" + name))
                .expectStatus()
                .isCreated();

        String list = api.get("/admin/upstreams", adminToken)
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        assertThat(list).contains(name, fingerprint("list-" + name)).doesNotContain("list-" + name);
    }

    @Test
    void aChangeKeepsTheTokenAndRaisesTheRevision() {
        adminToken = api.admin().accessToken();
        String name = uniqueName();
        Map<String, Object> first = register(Map.of(
                        "name", name, "transport", "STREAMABLE_HTTP", "url", simulatorUrl(), "token", SIMULATOR_TOKEN))
                .expectStatus()
                .isCreated()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();

        Map<String, Object> changed = put(
                        name, Map.of("transport", "STREAMABLE_HTTP", "url", simulatorUrl(), "timeout", "PT10S"))
                .expectStatus()
                .isOk()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();

        assertThat(changed)
                .containsEntry("tokenFingerprint", fingerprint(SIMULATOR_TOKEN))
                .containsEntry("revision", ((Number) first.get("revision")).intValue() + 1);
    }

    @Test
    void aTakenNameIsAConflict() {
        adminToken = api.admin().accessToken();
        String name = uniqueName();
        var body = Map.<String, Object>of("name", name, "transport", "SSE", "url", "https://example.org/sse");
        register(body).expectStatus().isCreated();

        expectProblem(register(body), 409, "upstream-name-taken");
        expectProblem(
                register(Map.of("name", "simulator", "transport", "SSE", "url", "https://example.org/sse")),
                409,
                "upstream-name-taken");
    }

    @Test
    void anUpstreamAtAnAddressTheBridgeNeverConnectsToIsRefusedAndNotRegistered() {
        adminToken = api.admin().accessToken();
        for (String url : List.of(
                "http://169.254.169.254/api/mcp",
                "http://[::ffff:169.254.169.254]/api/mcp",
                "http://2852039166/api/mcp",
                "http://[fd00:ec2::254]/api/mcp",
                "http://" + uniqueName() + "." + TestNamesResolverProvider.METADATA + "/api/mcp")) {
            String name = uniqueName();
            expectProblem(
                    register(Map.of("name", name, "transport", "STREAMABLE_HTTP", "url", url)),
                    400,
                    "destination-refused");
            assertThat(api.get("/admin/upstreams", adminToken)
                            .expectStatus()
                            .isOk()
                            .expectBody(String.class)
                            .returnResult()
                            .getResponseBody())
                    .doesNotContain(name);
        }
    }

    @Test
    void aSharedUpstreamWhoseNameIsRepointedAtTheMetadataServiceIsNotCalled() {
        adminToken = api.admin().accessToken();
        var user = api.newUser();
        String name = uniqueName();
        String host = name + "." + TestNamesResolverProvider.SWITCHED;
        registerSimulatorAt(name, host, user);

        // After its registration, the name is pointed at the clouds' metadata service, as a rebinding attacker would.
        TestNamesResolverProvider.pointAt(host, 169, 254, 169, 254);
        var client = new McpClient(http, api.login(user).accessToken()).initialize();

        assertThat(toolNames(client)).contains("simulator_HassTurnOn").noneMatch(tool -> tool.startsWith(name + "_"));
        // Refused before any connection, not merely unreachable.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(LogFiles.all())
                .contains(name + " (STREAMABLE_HTTP): DESTINATION_REFUSED"));
    }

    /**
     * A shared upstream's session resolves its name once and keeps that address for every
     * connection it opens, so a name re-pointed under an open session does not reach it either
     * (the SDK's client, which carried these sessions before, resolved anew for each connection).
     */
    @Test
    void aSharedUpstreamsSessionKeepsTheAddressItResolvedForAllItsConnections() throws Exception {
        adminToken = api.admin().accessToken();
        var user = api.newUser();
        String name = uniqueName();
        String host = name + "." + TestNamesResolverProvider.SWITCHED;
        TestNamesResolverProvider.pointAt(host, 127, 0, 0, 1);
        registerSimulatorAt(name, host, user);
        long lookupsBefore = TestNamesResolverProvider.lookupsOf(host);
        var client = new McpClient(http, api.login(user).accessToken()).initialize();
        assertThat(toolNames(client)).contains(name + "_HassTurnOn");

        // Calls at once need several connections of the one session; then the name is re-pointed.
        var calls = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            var answers = new ArrayList<java.util.concurrent.Future<Boolean>>();
            for (int i = 0; i < 12; i++) {
                answers.add(calls.submit(() -> !client.call(name + "_HassTurnOn", Map.of("name", "Kitchen Light"))
                        .has("error")));
                if (i == 6) {
                    TestNamesResolverProvider.pointAt(host, 169, 254, 169, 254);
                }
            }
            for (var answer : answers) {
                assertThat(answer.get()).isTrue();
            }
        } finally {
            calls.shutdown();
        }

        assertThat(TestNamesResolverProvider.lookupsOf(host))
                .as("one lookup for the session, none for its connections")
                .isEqualTo(lookupsBefore + 1);
    }

    /**
     * The same for an administrator's legacy SSE upstream: its event stream and every message it
     * posts go to the address the session resolved once (the SDK's JDK client, which carried these
     * sessions before, resolved the name for each connection).
     */
    @Test
    void aSharedSseUpstreamsStreamAndMessagesGoToTheAddressItsSessionResolved() {
        adminToken = api.admin().accessToken();
        var user = api.newUser();
        String name = uniqueName();
        String host = name + "." + TestNamesResolverProvider.SWITCHED;
        TestNamesResolverProvider.pointAt(host, 127, 0, 0, 1);
        try (var sse = EverythingServer.sse()) {
            register(Map.of(
                            "name",
                            name,
                            "transport",
                            "SSE",
                            "url",
                            "http://" + host + ":" + sse.port() + "/sse",
                            "allowedUsers",
                            List.of(user.userId())))
                    .expectStatus()
                    .isCreated();
            long lookupsBefore = TestNamesResolverProvider.lookupsOf(host);
            var client = new McpClient(http, api.login(user).accessToken()).initialize();
            assertThat(toolNames(client)).contains(name + "_echo");

            TestNamesResolverProvider.pointAt(host, 169, 254, 169, 254);
            for (int i = 0; i < 5; i++) {
                assertThat(client.call(name + "_echo", Map.of("message", "call " + i))
                                .toString())
                        .contains("Echo: call " + i);
            }

            assertThat(TestNamesResolverProvider.lookupsOf(host))
                    .as("one lookup for the session, none for its stream and posts")
                    .isEqualTo(lookupsBefore + 1);
        }
    }

    @Test
    void badInputIsABadRequestNamingTheField() {
        adminToken = api.admin().accessToken();

        var problem = expectProblem(
                register(Map.of("name", "Not A Name", "transport", "STREAMABLE_HTTP", "url", simulatorUrl())),
                400,
                "validation-failed");
        assertThat(problem.get("errors").toString()).contains("name");
        expectProblem(
                register(Map.of(
                        "name", uniqueName(), "transport", "STREAMABLE_HTTP", "url", "https://u:p@example.org/mcp")),
                400,
                "invalid-upstream");
        expectProblem(
                register(Map.of("name", uniqueName(), "transport", "STDIO", "url", simulatorUrl())),
                400,
                "invalid-upstream");
    }

    @Test
    void anUnknownNameIsNotFound() {
        adminToken = api.admin().accessToken();

        expectProblem(api.delete("/admin/upstreams/no-such-upstream", adminToken), 404, "upstream-not-found");
        expectProblem(
                put("no-such-upstream", Map.of("transport", "SSE", "url", "https://example.org/sse")),
                404,
                "upstream-not-found");
    }

    @Test
    void aPlainUserMayNotAdministerUpstreams() {
        String userToken = api.login(api.newUser()).accessToken();

        api.get("/admin/upstreams", userToken).expectStatus().isForbidden();
        api.post("/admin/upstreams", userToken, Map.of("name", uniqueName(), "transport", "SSE"))
                .expectStatus()
                .isForbidden();
    }

    @Test
    void noTokenReachesTheEventStoreOrTheLogs() throws IOException {
        adminToken = api.admin().accessToken();
        String name = uniqueName();
        String token = "secret-token-of-" + name;
        register(Map.of("name", name, "transport", "STREAMABLE_HTTP", "url", simulatorUrl(), "token", token))
                .expectStatus()
                .isCreated();
        put(name, Map.of("transport", "STREAMABLE_HTTP", "url", simulatorUrl(), "token", token + "-next"))
                .expectStatus()
                .isOk();
        api.delete("/admin/upstreams/" + name, adminToken).expectStatus().isNoContent();
        registered.remove(name);

        String events = String.join(
                "\n",
                jdbc.queryForList(
                        "SELECT convert_from(payload, 'UTF8') || convert_from(meta_data, 'UTF8') FROM domain_event_entry"
                                + " WHERE aggregate_identifier = ?",
                        String.class,
                        name));
        assertThat(events).contains(name, fingerprint(token), "test change");
        assertThat(events).doesNotContain(token).doesNotContain(SIMULATOR_TOKEN);
        assertThat(LogFiles.all()).doesNotContain(token);
    }

    private WebTestClient.ResponseSpec register(Map<String, Object> body) {
        registered.add((String) body.get("name"));
        return api.post("/admin/upstreams", adminToken, body);
    }

    /** The built-in simulator's Home Assistant endpoint, registered under {@code host} for {@code user}. */
    private void registerSimulatorAt(String name, String host, Api.User user) {
        register(Map.of(
                        "name",
                        name,
                        "transport",
                        "STREAMABLE_HTTP",
                        "url",
                        "http://" + host + ":" + port + "/simulator/ha/api/mcp",
                        "allowedUsers",
                        List.of(user.userId()),
                        "token",
                        SIMULATOR_TOKEN))
                .expectStatus()
                .isCreated();
    }

    private WebTestClient.ResponseSpec put(String name, Map<String, Object> body) {
        return http.put()
                .uri("/admin/upstreams/" + name)
                .contentType(MediaType.APPLICATION_JSON)
                .headers(h -> {
                    h.setBearerAuth(adminToken);
                    h.set("X-Audit-Reason", "test change");
                })
                .bodyValue(new HashMap<>(body))
                .exchange();
    }

    private String simulatorUrl() {
        return "http://127.0.0.1:" + port + "/simulator/ha/api/mcp";
    }

    private static List<String> toolNames(McpClient client) {
        return McpClient.json(client.request("tools/list", Map.of()))
                .at("/result/tools")
                .valueStream()
                .map(tool -> tool.get("name").asString())
                .toList();
    }

    private static String uniqueName() {
        return "reg-" + System.nanoTime() % 1_000_000_000 + "-" + SEQUENCE.incrementAndGet();
    }

    private static String fingerprint(String token) {
        return SecretCipher.fingerprintOf(token);
    }
}
