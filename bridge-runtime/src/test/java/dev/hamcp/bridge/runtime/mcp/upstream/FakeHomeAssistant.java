package dev.hamcp.bridge.runtime.mcp.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Home Assistant's {@code /api/mcp} wire shape on 127.0.0.1: stateless Streamable HTTP, one
 * {@code application/json} answer per POST, no session id, 202 for notifications, a bearer token.
 * It can also refuse the token or drop a tool call unanswered, which the real one does on a bad
 * day, and counts what reached it.
 */
final class FakeHomeAssistant implements AutoCloseable {

    static final String TOKEN = "ha-long-lived-token-0123456789";

    enum Behaviour {
        ANSWER,
        REFUSE_TOKEN,
        DROP_TOOL_CALLS,
        /** Tool calls answered as a one-message {@code text/event-stream}, which a stateless server may also do. */
        ANSWER_TOOL_CALLS_AS_EVENTS,
        FAIL_TOOL_CALLS_WITH_500
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> toolCallHeaders = new CopyOnWriteArrayList<>();
    private volatile Behaviour behaviour = Behaviour.ANSWER;
    private volatile String lastToolResult;

    FakeHomeAssistant() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/mcp", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/mcp";
    }

    void behave(Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    /** How many requests of {@code method} arrived (rejected ones included). */
    int received(String method) {
        return requests.getOrDefault(method, new AtomicInteger()).get();
    }

    int receivedInAll() {
        return requests.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** The JSON of the last tool result it sent, as it wrote it. */
    String lastToolResult() {
        return lastToolResult;
    }

    List<String> authorizations() {
        return authorizations;
    }

    /** The headers of every {@code tools/call} request, names in lower case. */
    List<Map<String, String>> toolCallHeaders() {
        return toolCallHeaders;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            var message = JSON.readTree(exchange.getRequestBody());
            var method = message.path("method").asText();
            requests.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
            var authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (method.equals("tools/call")) {
                var headers = new java.util.TreeMap<String, String>();
                exchange.getRequestHeaders()
                        .forEach((name, values) ->
                                headers.put(name.toLowerCase(java.util.Locale.ROOT), values.getFirst()));
                toolCallHeaders.add(headers);
            }
            authorizations.add(authorization == null ? "" : authorization);
            if (behaviour == Behaviour.REFUSE_TOKEN || !("Bearer " + TOKEN).equals(authorization)) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            if (!message.has("id")) {
                exchange.sendResponseHeaders(202, -1);
                return;
            }
            if (behaviour == Behaviour.DROP_TOOL_CALLS && method.equals("tools/call")) {
                // Read but never answered: the connection closes with no response at all.
                return;
            }
            if (behaviour == Behaviour.FAIL_TOOL_CALLS_WITH_500 && method.equals("tools/call")) {
                exchange.sendResponseHeaders(500, -1);
                return;
            }
            var tool = message.path("params").path("name").asText();
            if (method.equals("tools/call") && !tool.equals("HassTurnOn") && !tool.equals("GetLiveContext")) {
                // An upstream careless enough to echo the request's credential in its error text.
                fail(exchange, message, -32602, "Unknown tool: " + tool + " (you sent " + authorization + ")");
                return;
            }
            var result = resultOf(method, message.path("params"));
            if (method.equals("tools/call")) {
                lastToolResult = result.toString();
            }
            respond(exchange, message, result);
        }
    }

    private static JsonNode resultOf(String method, JsonNode params) {
        return switch (method) {
            case "initialize" ->
                JSON.valueToTree(Map.of(
                        "protocolVersion", params.path("protocolVersion").asText("2025-03-26"),
                        "capabilities", Map.of("tools", Map.of("listChanged", false)),
                        "serverInfo", Map.of("name", "home-assistant", "version", "2025.11.0")));
            case "tools/list" ->
                JSON.valueToTree(Map.of(
                        "tools",
                        List.of(
                                tool("HassTurnOn", "Turns on/opens/presses a device or entity"),
                                tool("GetLiveContext", "Provides real-time information about the house"))));
            case "tools/call" -> {
                var speech = Map.of("speech", Map.of("plain", Map.of("speech", "Done")));
                var text = JSON.valueToTree(Map.of(
                                "speech",
                                speech,
                                "response_type",
                                "action_done",
                                "data",
                                Map.of("success", List.of(), "failed", List.of())))
                        .toString();
                yield JSON.valueToTree(
                        Map.of("content", List.of(Map.of("type", "text", "text", text)), "isError", false));
            }
            default -> JSON.createObjectNode();
        };
    }

    private static Map<String, Object> tool(String name, String description) {
        return Map.of(
                "name",
                name,
                "description",
                description,
                "inputSchema",
                Map.of("type", "object", "properties", Map.of("name", Map.of("type", "string"))));
    }

    private void respond(HttpExchange exchange, JsonNode request, JsonNode result) throws IOException {
        ObjectNode response = JSON.createObjectNode();
        response.put("jsonrpc", "2.0");
        response.set("id", request.get("id"));
        response.set("result", result);
        if (behaviour == Behaviour.ANSWER_TOOL_CALLS_AS_EVENTS
                && request.path("method").asText().equals("tools/call")) {
            var log =
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"info\",\"data\":\"on it\"}}";
            var body = ("event: message\ndata: " + log + "\n\nevent: message\ndata: " + response + "\n\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            return;
        }
        send(exchange, response);
    }

    private static void fail(HttpExchange exchange, JsonNode request, int code, String message) throws IOException {
        ObjectNode response = JSON.createObjectNode();
        response.put("jsonrpc", "2.0");
        response.set("id", request.get("id"));
        response.set("error", JSON.valueToTree(Map.of("code", code, "message", message)));
        send(exchange, response);
    }

    private static void send(HttpExchange exchange, ObjectNode response) throws IOException {
        var body = response.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }
}
