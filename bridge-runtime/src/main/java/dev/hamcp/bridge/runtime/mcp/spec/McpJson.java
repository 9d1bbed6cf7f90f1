package dev.hamcp.bridge.runtime.mcp.spec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * JSON for the MCP wire, with Jackson 2 because the SDK's schema records carry Jackson 2
 * annotations. Builds JSON-RPC responses and error objects in one place.
 */
public final class McpJson {

    /** Map keys sorted, so equal arguments give equal bytes (the read-only result cache keys on them). */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private static final byte[] RESULT_HEAD =
            ("{\"jsonrpc\":\"" + JsonRpc.VERSION + "\",\"id\":").getBytes(StandardCharsets.UTF_8);
    private static final byte[] RESULT_MEMBER = ",\"result\":".getBytes(StandardCharsets.UTF_8);

    private McpJson() {}

    /** Whether {@code message} says it is JSON-RPC 2.0: the member {@code "jsonrpc"} is the string {@code "2.0"}, not a number. */
    public static boolean isJsonRpc(JsonNode message) {
        JsonNode version = message.get("jsonrpc");
        return version != null && version.isTextual() && JsonRpc.VERSION.equals(version.textValue());
    }

    public static JsonNode parse(byte[] body) throws IOException {
        return MAPPER.readTree(body);
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T convert(Object value, Class<T> type) {
        return MAPPER.convertValue(value, type);
    }

    /** A JSON-RPC response; a {@link RawJson} result goes in as the bytes it already is. */
    public static ObjectNode result(JsonNode id, Object result) {
        ObjectNode response = envelope(id);
        if (result instanceof RawJson raw) {
            response.putRawValue("result", new RawValue(new String(raw.json(), StandardCharsets.UTF_8)));
        } else {
            response.set("result", MAPPER.valueToTree(result));
        }
        return response;
    }

    /**
     * The JSON of {@link #result}, byte for byte; a {@link RawJson} result is copied in as it is,
     * rather than decoded into a string for the tree and encoded again (a tool's result, on every call).
     */
    public static byte[] resultBytes(JsonNode id, Object result) {
        if (!(result instanceof RawJson raw)) {
            return bytes(result(id, result));
        }
        byte[] idJson = bytes(id == null ? MAPPER.nullNode() : id);
        byte[] body = raw.json();
        byte[] json = new byte[RESULT_HEAD.length + idJson.length + RESULT_MEMBER.length + body.length + 1];
        int at = 0;
        System.arraycopy(RESULT_HEAD, 0, json, at, RESULT_HEAD.length);
        at += RESULT_HEAD.length;
        System.arraycopy(idJson, 0, json, at, idJson.length);
        at += idJson.length;
        System.arraycopy(RESULT_MEMBER, 0, json, at, RESULT_MEMBER.length);
        at += RESULT_MEMBER.length;
        System.arraycopy(body, 0, json, at, body.length);
        json[json.length - 1] = '}';
        return json;
    }

    public static ObjectNode error(JsonNode id, GatewayError error) {
        return error(id, error.code(), error.getMessage(), error.data());
    }

    public static ObjectNode error(JsonNode id, int code, String message, Map<String, Object> data) {
        ObjectNode response = envelope(id);
        ObjectNode body = response.putObject("error");
        body.put("code", code);
        body.put("message", message);
        if (!data.isEmpty()) {
            body.set("data", MAPPER.valueToTree(data));
        }
        return response;
    }

    private static ObjectNode envelope(JsonNode id) {
        ObjectNode response = MAPPER.createObjectNode();
        response.put("jsonrpc", JsonRpc.VERSION);
        response.set("id", id == null ? MAPPER.nullNode() : id);
        return response;
    }
}
