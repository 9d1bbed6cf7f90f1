package dev.hamcp.bridge.runtime.mcp.spec;

/** JSON-RPC 2.0 wire names and error codes, the spec's and the bridge's own (server range -32000..-32099). */
public final class JsonRpc {

    public static final String VERSION = "2.0";

    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;

    /** The caller's credential is missing, invalid or revoked. */
    public static final int UNAUTHENTICATED = -32001;
    /** The caller may not call this tool (the message names the tool and the missing level). */
    public static final int PERMISSION_DENIED = -32002;
    /** The caller's request budget is spent; {@code data.retryAfterSeconds} says when to try again. */
    public static final int RATE_LIMITED = -32003;
    /** The bridge is too busy to queue the call; {@code data.retryAfterSeconds} says when to try again. */
    public static final int OVERLOADED = -32004;
    /** The upstream is unreachable, failing, or its circuit breaker is open. */
    public static final int UPSTREAM_UNAVAILABLE = -32005;
    /** The call did not finish in time. */
    public static final int TIMEOUT = -32006;

    private JsonRpc() {}
}
