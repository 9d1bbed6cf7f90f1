package dev.hamcp.bridge.runtime.mcp.transport;

/** Decides whether a browser {@code Origin} may talk to the MCP endpoints (DNS-rebinding protection). */
interface OriginPolicy {

    /** {@code origin} is the request's Origin header; null (no browser involved) is always allowed. */
    boolean allows(String origin);
}
