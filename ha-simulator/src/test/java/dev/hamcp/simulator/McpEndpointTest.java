package dev.hamcp.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class McpEndpointTest {

    private final HomeAssistantSimulator simulator = new HomeAssistantSimulator(Mcp.TOKEN);
    private final Mcp mcp = new Mcp(simulator);

    private static Map<String, Object> initializeParams(String version) {
        return Map.of(
                "protocolVersion",
                version,
                "capabilities",
                Map.of(),
                "clientInfo",
                Map.of("name", "test", "version", "1"));
    }

    @Test
    void initializeEchoesASupportedVersionAndIntroducesHomeAssistant() {
        for (String version : List.of("2025-11-25", "2025-06-18", "2025-03-26")) {
            JsonNode result =
                    mcp.request("initialize", initializeParams(version)).get("result");

            assertThat(result.get("protocolVersion").asText()).isEqualTo(version);
            assertThat(result.get("serverInfo").get("name").asText()).isEqualTo("home-assistant");
            assertThat(result.get("capabilities").get("tools").isObject()).isTrue();
        }
    }

    @Test
    void initializeAnswersTheNewestVersionWhenTheProposalIsUnknown() {
        JsonNode result =
                mcp.request("initialize", initializeParams("2024-11-05")).get("result");

        assertThat(result.get("protocolVersion").asText()).isEqualTo("2025-11-25");
    }

    @Test
    void everyRequestGetsOneJsonAnswerAndNoSession() {
        Response response = simulator.handle(
                Mcp.post(
                        "{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\"}}"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.header("Mcp-Session-Id")).isEmpty();
        JsonNode body = Mcp.read(response);
        assertThat(body.get("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(body.get("id").asText()).isEqualTo("abc");
    }

    @Test
    void pingAnswersAnEmptyResult() {
        JsonNode response = mcp.request("ping", Map.of());

        assertThat(response.get("result").isEmpty()).isTrue();
    }

    @Test
    void notificationsAndResponsesAreAcceptedWithoutABody() {
        Response notification =
                simulator.handle(Mcp.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
        Response response = simulator.handle(Mcp.post("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}"));

        assertThat(notification.status()).isEqualTo(202);
        assertThat(notification.body()).isEmpty();
        assertThat(response.status()).isEqualTo(202);
        assertThat(response.body()).isEmpty();
        assertThat(simulator.mcpRequests("notifications/initialized")).isEqualTo(1);
    }

    @Test
    void malformedJsonIsABadRequestWithAParseError() {
        Response response = simulator.handle(Mcp.post("{\"jsonrpc\": \"2.0\", "));

        assertThat(response.status()).isEqualTo(400);
        JsonNode body = Mcp.read(response);
        assertThat(body.get("error").get("code").asInt()).isEqualTo(-32700);
        assertThat(body.get("id").isNull()).isTrue();
    }

    @Test
    void batchesAndNonRequestsAreRefusedAsInvalidRequests() {
        for (String body : List.of(
                "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]",
                "42",
                "{\"id\":1,\"method\":\"ping\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":1}")) {
            Response response = simulator.handle(Mcp.post(body));

            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(Mcp.read(response).get("error").get("code").asInt())
                    .as(body)
                    .isEqualTo(-32600);
        }
    }

    @Test
    void anUnknownMethodIsMethodNotFound() {
        JsonNode response = mcp.request("resources/subscribe", Map.of());

        assertThat(response.get("error").get("code").asInt()).isEqualTo(-32601);
        assertThat(response.get("error").get("data").asText()).isEqualTo("resources/subscribe");
    }

    @Test
    void getAndDeleteOnTheMcpEndpointAreNotAllowed() {
        for (String method : List.of("GET", "DELETE")) {
            Response response = simulator.handle(
                    new Request(method, "/api/mcp", Map.of("Accept", List.of("text/event-stream")), null)
                            .bearer(Mcp.TOKEN));

            assertThat(response.status()).isEqualTo(405);
            assertThat(response.header("Allow")).contains("POST");
        }
    }

    @Test
    void aClientThatDoesNotAcceptJsonOrSendJsonIsRefused() {
        Response noAccept =
                simulator.handle(Request.post("/api/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")
                        .bearer(Mcp.TOKEN));
        Response notJson = simulator.handle(
                new Request("POST", "/api/mcp", Map.of("Content-Type", List.of("text/plain")), "{}".getBytes())
                        .header("Accept", "application/json")
                        .bearer(Mcp.TOKEN));

        assertThat(noAccept.status()).isEqualTo(400);
        assertThat(notJson.status()).isEqualTo(400);
    }

    @Test
    void theAssistApiIsAlsoServedUnderItsOwnIdAndOtherApisAreNotFound() {
        Response ping =
                simulator.handle(mcpRequest("/api/mcp/assist", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"));
        Response other = simulator.handle(mcpRequest("/api/mcp/other", "{}"));

        assertThat(ping.status()).isEqualTo(200);
        assertThat(other.status()).isEqualTo(404);
    }

    private static Request mcpRequest(String path, String body) {
        return Request.post(path, body).header("Accept", "application/json").bearer(Mcp.TOKEN);
    }

    @Test
    void toolsListOffersTheAssistToolsWithTheirArgumentShapes() {
        JsonNode tools = mcp.request("tools/list", Map.of()).get("result").get("tools");

        var names = new ArrayList<String>();
        tools.forEach(t -> names.add(t.get("name").asText()));
        assertThat(names)
                .containsExactly(
                        "HassTurnOn", "HassTurnOff", "HassToggle", "HassLightSet", "GetDateTime", "GetLiveContext");
        for (JsonNode tool : tools) {
            assertThat(tool.get("description").asText()).isNotBlank();
            assertThat(tool.get("inputSchema").get("type").asText()).isEqualTo("object");
            assertThat(tool.get("inputSchema").get("properties").isObject()).isTrue();
        }
        JsonNode turnOn = tools.get(0).get("inputSchema").get("properties");
        assertThat(turnOn.get("name").get("type").asText()).isEqualTo("string");
        assertThat(turnOn.get("area").get("type").asText()).isEqualTo("string");
        assertThat(turnOn.get("floor").get("type").asText()).isEqualTo("string");
        assertThat(turnOn.get("domain").get("type").asText()).isEqualTo("array");
        assertThat(turnOn.get("device_class").get("items").get("enum").toString())
                .contains("outlet");
        JsonNode lightSet = tools.get(3).get("inputSchema").get("properties");
        assertThat(lightSet.get("brightness").get("minimum").asInt()).isZero();
        assertThat(lightSet.get("brightness").get("maximum").asInt()).isEqualTo(100);
        assertThat(lightSet.has("color")).isTrue();
        assertThat(lightSet.has("temperature")).isTrue();
        assertThat(tools.get(0).has("annotations")).isFalse();
        assertThat(tools.get(4).get("annotations").get("readOnlyHint").asBoolean())
                .isTrue();
        assertThat(tools.get(5).get("annotations").get("readOnlyHint").asBoolean())
                .isTrue();
        assertThat(tools.get(5).get("inputSchema").get("properties").fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("name", "area", "domain");
    }

    @Test
    void toolsCallWithoutANameIsInvalidParams() {
        JsonNode response = mcp.request("tools/call", Map.of("arguments", Map.of()));

        assertThat(response.get("error").get("code").asInt()).isEqualTo(-32602);
    }
}
