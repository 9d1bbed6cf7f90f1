package dev.hamcp.bridge.runtime.mcp.upstream;

import dev.hamcp.bridge.runtime.homeassistant.DestinationPolicy;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDefinition;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDirectory;
import dev.hamcp.bridge.runtime.mcp.gateway.Upstreams;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The upstream side of the gateway: the configured directory and the pooled, guarded clients. */
@Configuration(proxyBeanMethods = false)
class UpstreamConfig {

    @Bean
    ConfiguredUpstreamDirectory configuredUpstreamDirectory(ConfiguredUpstreamProperties properties) {
        return new ConfiguredUpstreamDirectory(properties);
    }

    /** Closed with the application context, which stops every stdio process the bridge started. */
    @Bean(destroyMethod = "close")
    Upstreams upstreams(
            List<UpstreamDirectory> directories,
            UpstreamProperties properties,
            MeterRegistry meters,
            DestinationPolicy destinations) {
        return new PooledUpstreams(new CombinedDirectory(directories), properties, meters, Pinning.by(destinations));
    }

    /**
     * Every directory's upstreams together: configuration, the built-in simulator, the registry, and
     * each user's own Home Assistant connections, those first: where a connection's name and a shared
     * upstream's name give a tool the same prefixed name, the user's own house is the one it reaches.
     */
    private record CombinedDirectory(List<UpstreamDirectory> parts) implements UpstreamDirectory {

        /** On every call, twice: a loop, and no new list when only one directory has any. */
        @Override
        public List<UpstreamDefinition> upstreamsFor(String userId) {
            List<UpstreamDefinition> only = List.of();
            List<UpstreamDefinition> merged = null;
            for (var part : parts) {
                var some = part.upstreamsFor(userId);
                if (some.isEmpty()) {
                    continue;
                }
                if (merged != null) {
                    merged.addAll(some);
                } else if (only.isEmpty()) {
                    only = some;
                } else {
                    merged = new ArrayList<>(only);
                    merged.addAll(some);
                }
            }
            return merged == null ? only : ownFirst(merged);
        }

        private static List<UpstreamDefinition> ownFirst(List<UpstreamDefinition> upstreams) {
            List<UpstreamDefinition> ordered = new ArrayList<>(upstreams.size());
            for (var upstream : upstreams) {
                if (upstream.guarded()) {
                    ordered.add(upstream);
                }
            }
            for (var upstream : upstreams) {
                if (!upstream.guarded()) {
                    ordered.add(upstream);
                }
            }
            return List.copyOf(ordered);
        }

        @Override
        public List<UpstreamDefinition> all() {
            return parts.stream().flatMap(part -> part.all().stream()).toList();
        }
    }
}
