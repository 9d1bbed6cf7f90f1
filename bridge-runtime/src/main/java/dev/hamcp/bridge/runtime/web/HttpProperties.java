package dev.hamcp.bridge.runtime.web;

import dev.hamcp.bridge.api.token.Network;
import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the REST API, the reverse proxies whose {@code X-Forwarded-*} headers are believed,
 * and the address the bridge names itself by.
 *
 * @param trustedProxies addresses or CIDR blocks of trusted reverse proxies; empty (the default)
 *     means the client address is always the connection's
 * @param publicUrl the base URL clients reach the bridge at ({@code https://bridge.example.org});
 *     empty: see {@link PublicUrl}
 */
@ConfigurationProperties("bridge.http")
public record HttpProperties(@DefaultValue("64KB") DataSize maxBodySize, List<String> trustedProxies, URI publicUrl) {

    public HttpProperties {
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        if (publicUrl != null) {
            String scheme = publicUrl.getScheme();
            if (!("http".equals(scheme) || "https".equals(scheme))
                    || publicUrl.getHost() == null
                    || publicUrl.getRawUserInfo() != null
                    || publicUrl.getRawQuery() != null
                    || publicUrl.getRawFragment() != null) {
                throw new IllegalArgumentException(
                        "bridge.http.public-url must be an http or https URL with a host and nothing after its path");
            }
        }
    }

    /** {@link #trustedProxies}, parsed. */
    public List<Network> trustedNetworks() {
        return trustedProxies.stream().map(Network::parse).toList();
    }
}
