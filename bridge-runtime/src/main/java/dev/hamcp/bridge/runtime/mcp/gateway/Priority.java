package dev.hamcp.bridge.runtime.mcp.gateway;

/** Queue priority of a call: administrators first, then people at a client, then automations. */
public enum Priority {
    ADMIN,
    INTERACTIVE,
    BACKGROUND
}
