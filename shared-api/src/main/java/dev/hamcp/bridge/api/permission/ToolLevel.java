package dev.hamcp.bridge.api.permission;

/** How much a tool can do to a house, from least to most: what permissions are granted in. */
public enum ToolLevel {
    /** Only observes: states, the time, the weather. */
    READ,
    /** Changes a device or a helper the way a person at a switch would: lights, covers, media, timers. */
    WRITE,
    /** Runs something whose effect the bridge cannot judge: scripts and any tool it does not know. */
    EXECUTE
}
