package dev.hamcp.bridge.runtime.simulator;

import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDefinition;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDirectory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * The built-in simulator as a shared upstream every user may use, reached over loopback at the
 * bridge's own port like any Home Assistant. Empty until the web server has its port.
 */
public final class SimulatorUpstreamDirectory
        implements UpstreamDirectory, ApplicationListener<WebServerInitializedEvent> {

    /** The upstream's name; it prefixes tool names only when a user sees other upstreams too. */
    public static final String NAME = "simulator";

    private final BuiltInSimulator simulator;
    private volatile List<UpstreamDefinition> definitions = List.of();

    SimulatorUpstreamDirectory(BuiltInSimulator simulator) {
        this.simulator = simulator;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() != null) {
            return;
        }
        String url = simulator.baseUrl(event.getWebServer().getPort()) + "/api/mcp";
        definitions = List.of(new UpstreamDefinition(
                NAME,
                UpstreamDefinition.Transport.STREAMABLE_HTTP,
                url,
                List.of(),
                Map.of(),
                simulator.token(),
                Set.of(),
                Duration.ofSeconds(30),
                1));
    }

    @Override
    public List<UpstreamDefinition> upstreamsFor(String userId) {
        return definitions;
    }

    @Override
    public List<UpstreamDefinition> all() {
        return definitions;
    }
}
