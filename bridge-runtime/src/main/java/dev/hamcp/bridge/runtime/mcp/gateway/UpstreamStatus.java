package dev.hamcp.bridge.runtime.mcp.gateway;

/**
 * How one upstream is doing, for {@code /mcp/status} and metrics; never its address's credentials.
 * {@code label} is what its users call it (the prefix of its tools); {@code name} is unique.
 */
public record UpstreamStatus(
        String name,
        String label,
        String transport,
        String breakerState,
        int openSessions,
        long calls,
        long failures) {}
