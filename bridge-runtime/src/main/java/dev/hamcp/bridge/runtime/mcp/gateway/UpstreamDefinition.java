package dev.hamcp.bridge.runtime.mcp.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One MCP server the gateway may forward to.
 *
 * @param name unique among all upstreams, lower-case; keys its sessions, breaker and metrics
 * @param transport how to reach it
 * @param url the MCP endpoint for HTTP transports (Home Assistant: {@code {base}/api/mcp}); null for stdio
 * @param command the program and its arguments for stdio (administrators only); empty otherwise
 * @param environment the only environment a stdio process gets (a scrubbed one)
 * @param bearerToken the upstream's own credential, sent as {@code Authorization: Bearer}; never a caller's
 * @param allowedUsers user ids that may use it; empty means everyone
 * @param timeout per call
 * @param revision changes whenever the definition changes, so caches keyed on it drop stale entries
 * @param label what callers call it: prefixes tool names when a caller sees several upstreams. A
 *     shared upstream's name; a user's Home Assistant connection's own name, which only that user sees
 * @param guarded the URL came from a user, not an administrator: each session resolves its host once
 *     through the destination policy, refuses forbidden addresses, and connects only to the address it
 *     pinned (no DNS rebinding after the check made when the connection was saved)
 */
public record UpstreamDefinition(
        String name,
        Transport transport,
        String url,
        List<String> command,
        Map<String, String> environment,
        String bearerToken,
        Set<String> allowedUsers,
        Duration timeout,
        long revision,
        String label,
        boolean guarded) {

    public enum Transport {
        /** Streamable HTTP; Home Assistant's {@code /api/mcp} is its stateless form. */
        STREAMABLE_HTTP,
        /** The legacy HTTP+SSE pair of protocol revision 2024-11-05. */
        SSE,
        /** A local process speaking over standard input and output. */
        STDIO
    }

    /** An upstream an administrator defined, known to callers by its own name; its URL is trusted as it is. */
    public UpstreamDefinition(
            String name,
            Transport transport,
            String url,
            List<String> command,
            Map<String, String> environment,
            String bearerToken,
            Set<String> allowedUsers,
            Duration timeout,
            long revision) {
        this(name, transport, url, command, environment, bearerToken, allowedUsers, timeout, revision, name, false);
    }

    public UpstreamDefinition {
        if (guarded && transport != Transport.STREAMABLE_HTTP) {
            throw new IllegalArgumentException("Only Streamable HTTP upstreams can be guarded");
        }
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        allowedUsers = Set.copyOf(allowedUsers);
    }

    public boolean admits(String userId) {
        return allowedUsers.isEmpty() || allowedUsers.contains(userId);
    }

    @Override
    public String toString() {
        return "UpstreamDefinition[name=" + name + ", label=" + label + ", transport=" + transport + ", url=" + url
                + ", revision=" + revision + (guarded ? ", guarded" : "") + "]";
    }
}
