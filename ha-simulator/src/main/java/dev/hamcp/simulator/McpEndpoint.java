package dev.hamcp.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code POST /api/mcp} as Home Assistant's {@code mcp_server} serves it: stateless Streamable
 * HTTP. Every request gets one {@code application/json} answer (no SSE stream, no session id);
 * notifications and responses get {@code 202} and no body.
 */
final class McpEndpoint {

    /** Newest first; a client proposing another version is answered with the first. */
    static final List<String> PROTOCOL_VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26");

    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;

    private final AssistTools tools;
    private final String version;
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();

    McpEndpoint(AssistTools tools, String version) {
        this.tools = tools;
        this.version = version;
    }

    Response handle(Request request) {
        String accept = request.header("Accept").orElse("").toLowerCase(Locale.ROOT);
        if (!accept.contains("application/json")) {
            return Response.text(400, "Client must accept application/json");
        }
        String contentType = request.header("Content-Type").orElse("");
        int parameters = contentType.indexOf(';');
        String mediaType = (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip();
        if (!mediaType.equalsIgnoreCase("application/json")) {
            return Response.text(400, "Content-Type must be application/json");
        }
        JsonNode message;
        try {
            message = Json.parse(request.body());
        } catch (IOException e) {
            return invalid(PARSE_ERROR, "Parse error: the body is not JSON");
        }
        if (message.isArray()) {
            return invalid(INVALID_REQUEST, "Invalid Request: batches are not supported");
        }
        if (!message.isObject() || !"2.0".equals(message.path("jsonrpc").asText(null))) {
            return invalid(INVALID_REQUEST, "Invalid Request: not a JSON-RPC 2.0 message");
        }
        JsonNode method = message.get("method");
        JsonNode id = message.get("id");
        if (method == null) {
            boolean response = id != null && (message.has("result") || message.has("error"));
            return response ? Response.empty(202) : invalid(INVALID_REQUEST, "Invalid Request: no method");
        }
        if (!method.isTextual()) {
            return invalid(INVALID_REQUEST, "Invalid Request: the method must be a string");
        }
        if (id == null) {
            count(method.asText());
            return Response.empty(202);
        }
        if (!id.isTextual() && !id.isIntegralNumber()) {
            return invalid(INVALID_REQUEST, "Invalid Request: the id must be a string or a whole number");
        }
        count(method.asText());
        return Response.json(200, Json.bytes(answer(id, method.asText(), message.get("params"))));
    }

    long requests(String method) {
        LongAdder count = requests.get(method);
        return count == null ? 0 : count.sum();
    }

    Map<String, Long> requests() {
        var counts = new TreeMap<String, Long>();
        requests.forEach((method, count) -> counts.put(method, count.sum()));
        return Collections.unmodifiableMap(counts);
    }

    private void count(String method) {
        requests.computeIfAbsent(method, m -> new LongAdder()).increment();
    }

    private ObjectNode answer(JsonNode id, String method, JsonNode params) {
        try {
            ObjectNode result =
                    switch (method) {
                        case "initialize" -> initialize(params);
                        case "ping" -> Json.object();
                        case "tools/list" -> toolsList();
                        case "tools/call" -> toolsCall(params);
                        default -> null;
                    };
            if (result == null) {
                return error(id, METHOD_NOT_FOUND, "Method not found", method);
            }
            ObjectNode response = envelope(id);
            response.set("result", result);
            return response;
        } catch (InvalidParams e) {
            return error(id, INVALID_PARAMS, e.getMessage(), null);
        }
    }

    private ObjectNode initialize(JsonNode params) {
        JsonNode proposed = params == null ? null : params.get("protocolVersion");
        if (proposed == null || !proposed.isTextual()) {
            throw new InvalidParams("initialize: protocolVersion is required");
        }
        ObjectNode result = Json.object();
        result.put(
                "protocolVersion",
                PROTOCOL_VERSIONS.contains(proposed.asText()) ? proposed.asText() : PROTOCOL_VERSIONS.getFirst());
        result.putObject("capabilities").putObject("tools");
        ObjectNode server = result.putObject("serverInfo");
        server.put("name", "home-assistant");
        server.put("version", version);
        return result;
    }

    private ObjectNode toolsList() {
        ObjectNode result = Json.object();
        result.set("tools", tools.list());
        return result;
    }

    private ObjectNode toolsCall(JsonNode params) {
        if (params == null || !params.isObject()) {
            throw new InvalidParams("tools/call: params must be an object");
        }
        JsonNode name = params.get("name");
        if (name == null || !name.isTextual()) {
            throw new InvalidParams("tools/call: name is required");
        }
        return tools.call(name.asText(), params.get("arguments"));
    }

    private static ObjectNode envelope(JsonNode id) {
        ObjectNode response = Json.object();
        response.put("jsonrpc", "2.0");
        response.set("id", id);
        return response;
    }

    private static ObjectNode error(JsonNode id, int code, String message, String data) {
        ObjectNode response = envelope(id);
        ObjectNode error = response.putObject("error");
        error.put("code", code);
        error.put("message", message);
        if (data != null) {
            error.put("data", data);
        }
        return response;
    }

    /** A message that cannot be answered as a request: 400 with a JSON-RPC error and a null id. */
    private static Response invalid(int code, String message) {
        return Response.json(400, Json.bytes(error(NullNode.getInstance(), code, message, null)));
    }
}
