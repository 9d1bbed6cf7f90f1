package dev.hamcp.bridge.runtime.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hamcp.bridge.runtime.support.SimulatedHouseTest;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Streamable HTTP transport at /mcp as a client meets it, in front of the built-in simulator. */
class StreamableHttpTest extends SimulatedHouseTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ACCEPT = "application/json, text/event-stream";

    @Test
    void aClientInitializesListsTheSimulatorsToolsAndTurnsOnALight() {
        var init = post(
                        null,
                        rpc(
                                1,
                                "initialize",
                                Map.of(
                                        "protocolVersion",
                                        "2025-06-18",
                                        "capabilities",
                                        Map.of(),
                                        "clientInfo",
                                        Map.of("name", "test", "version", "1"))))
                .expectStatus()
                .isOk()
                .expectHeader()
                .exists("Mcp-Session-Id")
                .returnResult(String.class);
        String session = init.getResponseHeaders().getFirst("Mcp-Session-Id");
        JsonNode initialized = JSON.readTree(init.getResponseBodyContent());
        assertThat(initialized.at("/result/protocolVersion").asString()).isEqualTo("2025-06-18");
        assertThat(initialized.at("/result/serverInfo/name").asString()).isEqualTo("ha-mcp-bridge");

        post(session, Map.of("jsonrpc", "2.0", "method", "notifications/initialized"))
                .expectStatus()
                .isAccepted();

        JsonNode tools = body(
                post(session, rpc(2, "tools/list", Map.of())).expectStatus().isOk());
        List<String> names = tools.at("/result/tools")
                .valueStream()
                .map(tool -> tool.get("name").asString())
                .toList();
        assertThat(names).contains("HassTurnOn", "HassTurnOff", "HassLightSet", "GetLiveContext", "GetDateTime");

        JsonNode call = body(post(
                        session,
                        rpc(
                                3,
                                "tools/call",
                                Map.of("name", "HassTurnOn", "arguments", Map.of("name", "Kitchen Light"))))
                .expectStatus()
                .isOk());
        assertThat(call.at("/result/isError").asBoolean(false)).isFalse();
        assertThat(call.at("/result/content/0/text").asString()).contains("action_done");
        assertThat(simulator.simulator().state("light.kitchen").orElseThrow().state())
                .isEqualTo("on");
    }

    @Test
    void theUpstreamIsCalledWithItsOwnTokenNeverTheCallers() {
        long rejectedBefore = simulator.simulator().rejectedAuthentications();
        String session = initialize();

        body(post(session, rpc(2, "tools/call", Map.of("name", "GetDateTime", "arguments", Map.of())))
                .expectStatus()
                .isOk());

        assertThat(simulator.simulator().rejectedAuthentications()).isEqualTo(rejectedBefore);
    }

    @Test
    void pingAndUnknownMethodsAnswerInJsonRpc() {
        String session = initialize();

        assertThat(body(post(session, rpc(7, "ping", Map.of())).expectStatus().isOk())
                        .at("/result")
                        .isObject())
                .isTrue();
        JsonNode unknown = body(
                post(session, rpc(8, "resources/list", Map.of())).expectStatus().isOk());
        assertThat(unknown.at("/error/code").asInt()).isEqualTo(-32601);
        assertThat(unknown.at("/id").asInt()).isEqualTo(8);
    }

    @Test
    void anUnknownToolOrBadParamsAreInvalidParams() {
        String session = initialize();

        assertThat(body(post(session, rpc(4, "tools/call", Map.of("name", "NoSuchTool")))
                                .expectStatus()
                                .isOk())
                        .at("/error/code")
                        .asInt())
                .isEqualTo(-32602);
        assertThat(body(post(session, rpc(5, "tools/call", Map.of("arguments", Map.of())))
                                .expectStatus()
                                .isOk())
                        .at("/error/code")
                        .asInt())
                .isEqualTo(-32602);
    }

    @Test
    void malformedMessagesAreRefusedWithTheSpecsCodes() {
        String session = initialize();

        assertThat(body(post(session, "{not json").expectStatus().isBadRequest())
                        .at("/error/code")
                        .asInt())
                .isEqualTo(-32700);
        assertThat(body(post(session, "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}")
                                .expectStatus()
                                .isBadRequest())
                        .at("/error/code")
                        .asInt())
                .isEqualTo(-32600);
        // JSON-RPC's version is the string "2.0": the number 2.0 is not it.
        assertThat(body(post(session, "{\"jsonrpc\":2.0,\"id\":1,\"method\":\"ping\"}")
                                .expectStatus()
                                .isBadRequest())
                        .at("/error/code")
                        .asInt())
                .isEqualTo(-32600);
        assertThat(body(post(session, "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]")
                                .expectStatus()
                                .isBadRequest())
                        .at("/error/code")
                        .asInt())
                .isEqualTo(-32600);
    }

    @Test
    void sessionsAreRequiredKnownAndEndable() {
        post(null, rpc(1, "ping", Map.of())).expectStatus().isBadRequest();
        post("not-a-session", rpc(1, "ping", Map.of())).expectStatus().isNotFound();

        String session = initialize();
        http.delete()
                .uri("/mcp")
                .headers(h -> {
                    h.setBearerAuth(token);
                    h.set("Mcp-Session-Id", session);
                })
                .exchange()
                .expectStatus()
                .isNoContent();
        post(session, rpc(2, "ping", Map.of())).expectStatus().isNotFound();
    }

    @Test
    void anotherUsersSessionIsUnknown() {
        String session = initialize();
        String stranger = api.login(api.newUser()).accessToken();

        post(session, rpc(2, "ping", Map.of()), h -> h.setBearerAuth(stranger))
                .expectStatus()
                .isNotFound();
    }

    @Test
    void headersThatBreakTheProtocolGetItsStatusCodes() {
        String session = initialize();

        post(null, rpc(1, "ping", Map.of()), h -> h.set("Accept", "application/json"))
                .expectStatus()
                .isEqualTo(HttpStatus.NOT_ACCEPTABLE);
        post(null, "ping", h -> h.setContentType(MediaType.TEXT_PLAIN))
                .expectStatus()
                .isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        post(session, rpc(1, "ping", Map.of()), h -> h.set("MCP-Protocol-Version", "1999-01-01"))
                .expectStatus()
                .isBadRequest();
        http.get()
                .uri("/mcp")
                .header("Accept", "text/event-stream")
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
    }

    @Test
    void aForeignOriginIsForbiddenAndLocalhostIsNot() {
        post(null, rpc(1, "initialize", Map.of()), h -> h.set("Origin", "http://evil.example.com"))
                .expectStatus()
                .isForbidden();
        post(null, rpc(1, "initialize", Map.of()), h -> h.set("Origin", "http://localhost:6274"))
                .expectStatus()
                .isOk();
    }

    @Test
    void withoutACredentialTheAnswerPointsAtTheResourceMetadata() {
        post(null, rpc(1, "initialize", Map.of()), h -> h.remove(HttpHeaders.AUTHORIZATION))
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .value("WWW-Authenticate", value -> assertThat(value)
                        .isEqualTo("Bearer resource_metadata=\"http://127.0.0.1:" + port
                                + "/.well-known/oauth-protected-resource\""));

        JsonNode metadata = JSON.readTree(http.get()
                .uri("/.well-known/oauth-protected-resource")
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(String.class)
                .getResponseBodyContent());
        assertThat(metadata.get("resource").asString()).isEqualTo("http://127.0.0.1:" + port + "/mcp");
        assertThat(metadata.get("bearer_methods_supported").get(0).asString()).isEqualTo("header");
        http.get()
                .uri("/.well-known/oauth-protected-resource/mcp")
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void anOversizedMessageIsRefused() {
        String session = initialize();
        String big = "x".repeat(1024 * 1024 + 10);

        post(session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"" + big + "\"}}")
                .expectStatus()
                .isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
    }

    @Test
    void aClientPreferringEventStreamsGetsTheAnswerAsOneSseMessage() {
        String session = initialize();

        String stream = post(
                        session, rpc(9, "ping", Map.of()), h -> h.set("Accept", "text/event-stream, application/json"))
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .returnResult(String.class)
                .getResponseBody()
                .collectList()
                .block()
                .toString();
        assertThat(stream).contains("\"id\":9").contains("\"result\"");
    }

    @Test
    void theStatusPageShowsUpstreamsQueueAndSessions() {
        initialize();

        JsonNode status = JSON.readTree(http.get()
                .uri("/mcp/status")
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(String.class)
                .getResponseBodyContent());
        assertThat(status.at("/upstreams/0/name").asString()).isEqualTo("simulator");
        assertThat(status.at("/upstreams/0/breakerState").asString()).isEqualTo("CLOSED");
        assertThat(status.at("/queue/depth").isInt()).isTrue();
        assertThat(status.at("/sessions/streamableHttp").asInt()).isPositive();
    }

    /**
     * {@code POST /mcp} leaves with what every other request leaves with: the correlation id,
     * Spring Security's headers and the {@code http.server.requests} metric.
     */
    @Test
    void postCarriesWhatEveryRequestCarries() {
        String session = initialize();
        var mcp = post(session, rpc(9, "ping", Map.of()), h -> h.set("X-Correlation-Id", "own-handler-0001"))
                .expectStatus()
                .isOk()
                .returnResult(String.class)
                .getResponseHeaders();
        var rest = http.get()
                .uri("/auth/me")
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(String.class)
                .getResponseHeaders();

        assertThat(mcp.getFirst("X-Correlation-Id")).isEqualTo("own-handler-0001");
        for (String header :
                List.of("Cache-Control", "Pragma", "Expires", "X-Content-Type-Options", "X-Frame-Options")) {
            assertThat(mcp.get(header)).as(header).isNotEmpty().isEqualTo(rest.get(header));
        }
        String metrics = http.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(metrics)
                .containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"POST\"[^}]*uri=\"/mcp\"");
    }

    private String initialize() {
        return post(null, rpc(1, "initialize", Map.of("protocolVersion", "2025-11-25")))
                .expectStatus()
                .isOk()
                .returnResult(String.class)
                .getResponseHeaders()
                .getFirst("Mcp-Session-Id");
    }

    private static Map<String, Object> rpc(int id, String method, Map<String, Object> params) {
        return Map.of("jsonrpc", "2.0", "id", id, "method", method, "params", params);
    }

    private WebTestClient.ResponseSpec post(String session, Object body) {
        return post(session, body, headers -> {});
    }

    /** {@code body} (an object as JSON, a string as it is) to /mcp with the token, in {@code session} if any, then {@code more} headers. */
    private WebTestClient.ResponseSpec post(String session, Object body, Consumer<HttpHeaders> more) {
        return http.post()
                .uri("/mcp")
                .contentType(MediaType.APPLICATION_JSON)
                .headers(h -> {
                    h.setBearerAuth(token);
                    h.set("Accept", ACCEPT);
                    if (session != null) {
                        h.set("Mcp-Session-Id", session);
                    }
                    more.accept(h);
                })
                .bodyValue(body)
                .exchange();
    }

    private static JsonNode body(WebTestClient.ResponseSpec response) {
        return JSON.readTree(response.returnResult(String.class).getResponseBodyContent());
    }
}
