package dev.hamcp.bridge.runtime.mcp.gateway;

/** How one upstream is doing, for {@code /mcp/status} and metrics; never its address's credentials. */
public record UpstreamStatus(
        String name, String transport, String breakerState, int openSessions, long calls, long failures) {}
