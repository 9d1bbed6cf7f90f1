package dev.hamcp.bridge.runtime.mcp;

import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A minimal Streamable HTTP client for tests: one user's session at /mcp. */
public final class McpClient {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private final WebTestClient http;
    private final String token;
    private String session;
    private int nextId = 1;

    public McpClient(WebTestClient http, String token) {
        this.http = http;
        this.token = token;
    }

    public McpClient initialize() {
        session = send(Map.of(
                        "jsonrpc",
                        "2.0",
                        "id",
                        nextId++,
                        "method",
                        "initialize",
                        "params",
                        Map.of("protocolVersion", "2025-11-25")))
                .expectStatus()
                .isOk()
                .returnResult(String.class)
                .getResponseHeaders()
                .getFirst("Mcp-Session-Id");
        return this;
    }

    public WebTestClient.ResponseSpec request(String method, Map<String, Object> params) {
        return send(Map.of("jsonrpc", "2.0", "id", nextId++, "method", method, "params", params));
    }

    /** The JSON-RPC answer to {@code tools/call}, whatever its HTTP status. */
    public JsonNode call(String tool, Map<String, Object> arguments) {
        return json(request("tools/call", Map.of("name", tool, "arguments", arguments)));
    }

    public static JsonNode json(WebTestClient.ResponseSpec response) {
        return JSON.readTree(response.returnResult(String.class).getResponseBodyContent());
    }

    private WebTestClient.ResponseSpec send(Object body) {
        return http.post()
                .uri("/mcp")
                .contentType(MediaType.APPLICATION_JSON)
                .headers(h -> {
                    h.setBearerAuth(token);
                    h.set("Accept", "application/json, text/event-stream");
                    if (session != null) {
                        h.set("Mcp-Session-Id", session);
                    }
                })
                .bodyValue(body)
                .exchange();
    }
}
