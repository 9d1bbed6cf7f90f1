package dev.hamcp.bridge.runtime.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the REST API, and the reverse proxies whose {@code X-Forwarded-For} is believed.
 *
 * @param trustedProxies addresses or CIDR blocks of trusted reverse proxies; empty (the default)
 *     means the client address is always the connection's
 */
@ConfigurationProperties("bridge.http")
public record HttpProperties(@DefaultValue("64KB") DataSize maxBodySize, List<String> trustedProxies) {

    public HttpProperties {
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    }
}
