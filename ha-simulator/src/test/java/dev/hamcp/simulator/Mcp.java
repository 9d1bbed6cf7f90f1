package dev.hamcp.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Talks to a simulator the way an MCP client talks to Home Assistant, and reads the answers. */
final class Mcp {

    static final String TOKEN = "test-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HomeAssistantSimulator simulator;
    private int nextId = 1;

    Mcp(HomeAssistantSimulator simulator) {
        this.simulator = simulator;
    }

    static Request post(String body) {
        return Request.post("/api/mcp", body)
                .header("Accept", "application/json, text/event-stream")
                .bearer(TOKEN);
    }

    /** Sends a request and returns the JSON-RPC response object of a 200 answer. */
    JsonNode request(String method, Object params) {
        Response response = simulator.handle(
                post(json(Map.of("jsonrpc", "2.0", "id", nextId++, "method", method, "params", params))));
        assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
        return read(response);
    }

    /** The {@code result} of a tools/call that must succeed as JSON-RPC (it may still be a tool error). */
    JsonNode call(String tool, Object arguments) {
        JsonNode response = request("tools/call", Map.of("name", tool, "arguments", arguments));
        assertThat(response.has("result")).as(response.toString()).isTrue();
        return response.get("result");
    }

    /** The JSON document in the text of a successful tool result. */
    JsonNode document(String tool, Object arguments) {
        JsonNode result = call(tool, arguments);
        assertThat(result.get("isError").asBoolean()).as(result.toString()).isFalse();
        return parse(result.get("content").get(0).get("text").asText());
    }

    /** The text of a tool result that must be an error. */
    String error(String tool, Object arguments) {
        JsonNode result = call(tool, arguments);
        assertThat(result.get("isError").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.get("content")).hasSize(1);
        return result.get("content").get(0).get("text").asText();
    }

    static JsonNode read(Response response) {
        return parse(response.bodyText());
    }

    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
