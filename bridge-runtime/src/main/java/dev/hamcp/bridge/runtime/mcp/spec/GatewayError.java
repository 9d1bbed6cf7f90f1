package dev.hamcp.bridge.runtime.mcp.spec;

import java.util.Map;

/**
 * A refusal or failure that leaves the gateway as a JSON-RPC error object. The message is meant
 * for people and never carries an upstream's raw error text, a secret or a stack trace.
 */
public class GatewayError extends RuntimeException {

    private final int code;
    private final Map<String, Object> data;

    public GatewayError(int code, String message) {
        this(code, message, Map.of());
    }

    public GatewayError(int code, String message, Map<String, Object> data) {
        super(message, null, false, false);
        this.code = code;
        this.data = Map.copyOf(data);
    }

    public int code() {
        return code;
    }

    public Map<String, Object> data() {
        return data;
    }
}
