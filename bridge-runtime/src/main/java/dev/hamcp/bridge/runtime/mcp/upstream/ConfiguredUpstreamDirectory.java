package dev.hamcp.bridge.runtime.mcp.upstream;

import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDefinition;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDefinition.Transport;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDirectory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The upstreams listed in {@code bridge.upstreams}, read once at start-up. */
class ConfiguredUpstreamDirectory implements UpstreamDirectory {

    private static final Logger log = LoggerFactory.getLogger(ConfiguredUpstreamDirectory.class);

    /** Configuration is read once, so every definition stays at its first revision. */
    static final long REVISION = 1;

    private final List<UpstreamDefinition> upstreams;
    private final boolean everyoneAdmitted;

    ConfiguredUpstreamDirectory(ConfiguredUpstreamProperties properties) {
        this.upstreams = properties.upstreams().stream()
                .map(ConfiguredUpstreamDirectory::definitionOf)
                .toList();
        upstreams.forEach(ConfiguredUpstreamDirectory::warnOfCleartextToken);
        this.everyoneAdmitted =
                upstreams.stream().allMatch(upstream -> upstream.allowedUsers().isEmpty());
    }

    @Override
    public List<UpstreamDefinition> upstreamsFor(String userId) {
        // Configured upstreams usually admit everyone: then the one list serves every caller, unchanged.
        return everyoneAdmitted
                ? upstreams
                : upstreams.stream().filter(upstream -> upstream.admits(userId)).toList();
    }

    @Override
    public List<UpstreamDefinition> all() {
        return upstreams;
    }

    private static UpstreamDefinition definitionOf(ConfiguredUpstreamProperties.Upstream upstream) {
        var command = new ArrayList<String>();
        if (upstream.transport() == Transport.STDIO) {
            command.add(upstream.command());
            command.addAll(upstream.args());
        }
        return new UpstreamDefinition(
                upstream.name(),
                upstream.transport(),
                upstream.transport() == Transport.STDIO ? null : upstream.url(),
                command,
                upstream.env(),
                upstream.token() == null || upstream.token().isBlank() ? null : upstream.token(),
                upstream.allowedUsers(),
                upstream.timeout(),
                REVISION);
    }

    private static void warnOfCleartextToken(UpstreamDefinition upstream) {
        if (upstream.bearerToken() == null || upstream.url() == null) {
            return;
        }
        var uri = URI.create(upstream.url());
        if ("http".equalsIgnoreCase(uri.getScheme()) && !isLoopback(uri.getHost())) {
            log.warn(
                    "Upstream {} gets its token over plain http; anyone on the network path can read it. Prefer https.",
                    upstream.name());
        }
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }
}
