package dev.hamcp.bridge.runtime.mcp.upstream;

import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDirectory;
import dev.hamcp.bridge.runtime.mcp.gateway.Upstreams;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The upstream side of the gateway: the configured directory and the pooled, guarded clients. */
@Configuration(proxyBeanMethods = false)
class UpstreamConfig {

    @Bean
    UpstreamDirectory configuredUpstreamDirectory(ConfiguredUpstreamProperties properties) {
        return new ConfiguredUpstreamDirectory(properties);
    }

    /** Closed with the application context, which stops every stdio process the bridge started. */
    @Bean(destroyMethod = "close")
    Upstreams upstreams(UpstreamDirectory directory, UpstreamProperties properties, MeterRegistry meters) {
        return new PooledUpstreams(directory, properties, meters);
    }
}
