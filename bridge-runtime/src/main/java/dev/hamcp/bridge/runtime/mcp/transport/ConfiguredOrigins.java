package dev.hamcp.bridge.runtime.mcp.transport;

import dev.hamcp.bridge.runtime.mcp.McpProperties;
import dev.hamcp.bridge.runtime.web.HttpProperties;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Allows the loopback origins always, the origins an administrator configured, and the origin of
 * the bridge's configured public URL (the dashboard's own, when it is served under that name);
 * nothing else. The request's {@code Host} is never the measure: under DNS rebinding a hostile
 * page's origin and host are the same name.
 */
@Component
class ConfiguredOrigins implements OriginPolicy {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");
    private final Set<String> allowed;

    ConfiguredOrigins(McpProperties properties, HttpProperties http) {
        var origins = new ArrayList<>(properties.allowedOrigins());
        if (http.publicUrl() != null) {
            var url = http.publicUrl();
            origins.add(url.getScheme() + "://" + url.getRawAuthority());
        }
        this.allowed = origins.stream()
                .map(origin -> origin.toLowerCase(Locale.ROOT).replaceAll("/+$", ""))
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public boolean allows(String origin) {
        if (origin == null) {
            return true;
        }
        String normalized = origin.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        if (allowed.contains(normalized)) {
            return true;
        }
        try {
            URI uri = new URI(normalized);
            // An origin whose host cannot be read (http://127.0.0.1:-1) is no loopback origin.
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null
                    && LOOPBACK.contains(uri.getHost());
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
