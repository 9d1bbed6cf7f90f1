package dev.hamcp.bridge.runtime.mcp.upstream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JavaType;
import dev.hamcp.bridge.runtime.mcp.spec.McpJson;
import java.io.IOException;
import java.util.Arrays;

/**
 * One JSON-RPC response from an upstream, read in a single streaming pass: whether it answers the
 * call it should, its error, and where its {@code result} object lies in the bytes. A tool's result
 * is then passed on as those bytes (with its {@code isError} flag, read on the way), not decoded
 * into objects and encoded again; other results are decoded from their span alone.
 *
 * @param json the message the spans point into
 * @param forCall whether its {@code id} is the call's number (as a number or as a string)
 * @param resultStart where the result object starts, or -1 when there is no result object
 * @param resultEnd just after the result object's end
 * @param isError whether the result's {@code isError} is {@code true}
 */
record JsonRpcAnswer(byte[] json, boolean forCall, RpcError error, int resultStart, int resultEnd, boolean isError) {

    /** A JSON-RPC error object; anything else in it is ignored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RpcError(Integer code, String message, Object data) {}

    boolean hasResult() {
        return resultStart >= 0;
    }

    /** The result object's JSON, exactly as the upstream wrote it. */
    byte[] resultJson() {
        return Arrays.copyOfRange(json, resultStart, resultEnd);
    }

    /** The result decoded as {@code type}. */
    <R> R result(JavaType type) throws IOException {
        return McpJson.MAPPER.readValue(json, resultStart, resultEnd - resultStart, type);
    }

    /**
     * Reads {@code json} as a response to call number {@code call}.
     *
     * @throws IOException when it is not JSON, or not an object, or its error is not an object
     */
    static JsonRpcAnswer read(byte[] json, long call) throws IOException {
        try (JsonParser parser = McpJson.MAPPER.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            boolean forCall = false;
            RpcError error = null;
            int resultStart = -1;
            int resultEnd = -1;
            boolean isError = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "id" -> forCall = isCall(parser, value, call);
                    case "error" -> {
                        if (value == JsonToken.START_OBJECT) {
                            error = parser.readValueAs(RpcError.class);
                        } else if (value != JsonToken.VALUE_NULL) {
                            throw new IOException("an error that is not an object");
                        }
                    }
                    case "result" -> {
                        if (value == JsonToken.START_OBJECT) {
                            resultStart = Math.toIntExact(
                                    parser.currentTokenLocation().getByteOffset());
                            isError = skipResult(parser);
                            resultEnd = Math.toIntExact(parser.currentLocation().getByteOffset());
                        } else {
                            parser.skipChildren();
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            return new JsonRpcAnswer(json, forCall, error, resultStart, resultEnd, isError);
        }
    }

    /** Reads past the result object's members, noting whether {@code isError} is true among them. */
    private static boolean skipResult(JsonParser parser) throws IOException {
        boolean isError = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            boolean flag = "isError".equals(parser.currentName());
            JsonToken value = parser.nextToken();
            if (flag) {
                isError = value == JsonToken.VALUE_TRUE;
            } else {
                parser.skipChildren();
            }
        }
        return isError;
    }

    private static boolean isCall(JsonParser parser, JsonToken id, long call) throws IOException {
        if (id == JsonToken.VALUE_NUMBER_INT) {
            var type = parser.getNumberType();
            return (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG)
                    && parser.getLongValue() == call;
        }
        return id == JsonToken.VALUE_STRING && parser.getText().equals(Long.toString(call));
    }
}
