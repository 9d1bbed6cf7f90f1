package dev.hamcp.bridge.runtime.mcp;

import static dev.hamcp.bridge.runtime.support.Api.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hamcp.bridge.runtime.support.SimulatedHouseTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The legacy HTTP+SSE transport and the original REST shape, for older clients and scripts. */
class LegacyAndRestShapeTest extends SimulatedHouseTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENT =
            new ParameterizedTypeReference<>() {};

    @Test
    void everyMcpEndpointRefusesAForeignOrUnreadableOriginWith403() {
        for (String origin : List.of("http://evil.example", "null", "http://127.1", "http://127.0.0.1:-1")) {
            for (String path : List.of("/mcp/initialize", "/mcp/tools/list", "/mcp/tools/call")) {
                http.post()
                        .uri(path)
                        .header("Origin", origin)
                        .headers(h -> h.setBearerAuth(token))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("name", "HassTurnOn", "arguments", Map.of("name", "Kitchen Light")))
                        .exchange()
                        .expectStatus()
                        .isForbidden();
            }
            http.get()
                    .uri("/mcp/status")
                    .header("Origin", origin)
                    .headers(h -> h.setBearerAuth(token))
                    .exchange()
                    .expectStatus()
                    .isForbidden();
            http.get()
                    .uri("/sse")
                    .header("Origin", origin)
                    .accept(MediaType.TEXT_EVENT_STREAM)
                    .headers(h -> h.setBearerAuth(token))
                    .exchange()
                    .expectStatus()
                    .isForbidden();
            http.post()
                    .uri("/mcp")
                    .header("Origin", origin)
                    .accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
                    .headers(h -> h.setBearerAuth(token))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(rpc(1, "initialize", Map.of("protocolVersion", "2025-11-25")))
                    .exchange()
                    .expectStatus()
                    .isForbidden();
        }
    }

    @Test
    void aLegacyClientGetsItsEndpointThenEveryAnswerOnTheStream() {
        var events = http.get()
                .uri("/sse")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(EVENT)
                .getResponseBody();
        AtomicReference<String> endpoint = new AtomicReference<>();

        StepVerifier.create(events)
                .assertNext(event -> {
                    assertThat(event.event()).isEqualTo("endpoint");
                    assertThat(event.data()).startsWith("/message?sessionId=");
                    endpoint.set(event.data());
                })
                .then(() -> postMessage(endpoint.get(), rpc(1, "initialize", Map.of("protocolVersion", "2024-11-05"))))
                .assertNext(event -> assertThat(
                                json(event).at("/result/protocolVersion").asString())
                        .isEqualTo("2024-11-05"))
                .then(() -> postMessage(
                        endpoint.get(),
                        rpc(
                                2,
                                "tools/call",
                                Map.of("name", "HassTurnOn", "arguments", Map.of("name", "Kitchen Light")))))
                .assertNext(event -> {
                    assertThat(event.event()).isEqualTo("message");
                    assertThat(json(event).at("/id").asInt()).isEqualTo(2);
                    assertThat(json(event).at("/result/content/0/text").asString())
                            .contains("action_done");
                })
                .thenCancel()
                .verify(Duration.ofSeconds(30));
        assertThat(simulator.simulator().state("light.kitchen").orElseThrow().state())
                .isEqualTo("on");
    }

    @Test
    void aLegacySessionIsOnlyUsableByItsOwner() {
        String stranger = api.login(api.newUser()).accessToken();

        http.post()
                .uri("/message?sessionId=unknown")
                .contentType(MediaType.APPLICATION_JSON)
                .headers(h -> h.setBearerAuth(stranger))
                .bodyValue(rpc(1, "ping", Map.of()))
                .exchange()
                .expectStatus()
                .isNotFound();
        http.get()
                .uri("/sse")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void theRestShapeInitializesListsAndCalls() {
        JsonNode init = rest("/mcp/initialize", Map.of("protocolVersion", "2025-03-26"));
        assertThat(init.get("protocolVersion").asString()).isEqualTo("2025-03-26");

        JsonNode tools = rest("/mcp/tools/list", Map.of());
        assertThat(tools.get("tools").valueStream().map(tool -> tool.get("name").asString()))
                .contains("HassTurnOff", "GetLiveContext");

        JsonNode result =
                rest("/mcp/tools/call", Map.of("name", "HassTurnOn", "arguments", Map.of("name", "Coffee Maker")));
        assertThat(result.at("/content/0/text").asString()).contains("action_done");
        assertThat(simulator
                        .simulator()
                        .state("switch.coffee_maker")
                        .orElseThrow()
                        .state())
                .isEqualTo("on");
    }

    @Test
    void theRestShapeAnswersRefusalsAsProblems() {
        expectProblem(
                http.post()
                        .uri("/mcp/tools/call")
                        .contentType(MediaType.APPLICATION_JSON)
                        .headers(h -> h.setBearerAuth(token))
                        .bodyValue(Map.of("name", "NoSuchTool"))
                        .exchange(),
                400,
                "validation-failed");
        expectProblem(
                http.post()
                        .uri("/mcp/tools/call")
                        .contentType(MediaType.APPLICATION_JSON)
                        .headers(h -> h.setBearerAuth(token))
                        .bodyValue("[1]")
                        .exchange(),
                400,
                "malformed-request");
        expectProblem(
                http.post()
                        .uri("/mcp/tools/list")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of())
                        .exchange(),
                401,
                "unauthenticated");
    }

    private void postMessage(String endpoint, Map<String, Object> message) {
        http.post()
                .uri(endpoint)
                .contentType(MediaType.APPLICATION_JSON)
                .headers(h -> h.setBearerAuth(token))
                .bodyValue(message)
                .exchange()
                .expectStatus()
                .isAccepted();
    }

    private JsonNode rest(String path, Map<String, Object> body) {
        return JSON.readTree(http.post()
                .uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .headers(h -> h.setBearerAuth(token))
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(String.class)
                .getResponseBodyContent());
    }

    private static JsonNode json(ServerSentEvent<String> event) {
        return JSON.readTree(event.data());
    }

    private static Map<String, Object> rpc(int id, String method, Map<String, Object> params) {
        return Map.of("jsonrpc", "2.0", "id", id, "method", method, "params", params);
    }
}
