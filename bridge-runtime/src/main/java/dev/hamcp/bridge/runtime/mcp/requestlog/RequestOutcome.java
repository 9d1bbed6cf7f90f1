package dev.hamcp.bridge.runtime.mcp.requestlog;

import dev.hamcp.bridge.runtime.mcp.spec.JsonRpc;

/** How a call through the gateway ended, as the request log records it. */
public enum RequestOutcome {
    /** The tool ran and answered. */
    OK,
    /** The tool ran and answered with {@code isError: true}. */
    TOOL_ERROR,
    /** The credential was missing, invalid or revoked. */
    UNAUTHENTICATED,
    /** The caller may not call this tool. */
    DENIED,
    RATE_LIMITED,
    OVERLOADED,
    TIMEOUT,
    UPSTREAM_UNAVAILABLE,
    /** The request was malformed: unparseable, unknown method or tool, bad parameters. */
    INVALID,
    /** The client went away before the answer. */
    CANCELLED,
    /** The bridge itself failed. */
    INTERNAL_ERROR;

    /** The outcome a JSON-RPC error code stands for. */
    public static RequestOutcome ofErrorCode(int code) {
        return switch (code) {
            case JsonRpc.UNAUTHENTICATED -> UNAUTHENTICATED;
            case JsonRpc.PERMISSION_DENIED -> DENIED;
            case JsonRpc.RATE_LIMITED -> RATE_LIMITED;
            case JsonRpc.OVERLOADED -> OVERLOADED;
            case JsonRpc.TIMEOUT -> TIMEOUT;
            case JsonRpc.UPSTREAM_UNAVAILABLE -> UPSTREAM_UNAVAILABLE;
            case JsonRpc.PARSE_ERROR, JsonRpc.INVALID_REQUEST, JsonRpc.METHOD_NOT_FOUND, JsonRpc.INVALID_PARAMS ->
                INVALID;
            default -> INTERNAL_ERROR;
        };
    }
}
