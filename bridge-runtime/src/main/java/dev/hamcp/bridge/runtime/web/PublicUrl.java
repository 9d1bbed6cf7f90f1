package dev.hamcp.bridge.runtime.web;

import dev.hamcp.bridge.api.token.Network;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * The base every absolute URL in an answer is built from ({@code WWW-Authenticate}'s resource
 * metadata, the metadata document's resource): {@code bridge.http.public-url} when configured.
 * Otherwise what a trusted reverse proxy forwards ({@code X-Forwarded-Proto}, {@code X-Forwarded-Host}),
 * else the request's own host when it is a loopback name (the embedded run on one machine), else
 * {@code http://localhost:<port>}. So a {@code Host} header a client makes up never changes them.
 */
@Component
public class PublicUrl {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");
    private static final Pattern FORWARDED_HOST =
            Pattern.compile("(?:[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?");

    private final String configured;
    private final List<Network> trustedProxies;

    public PublicUrl(HttpProperties properties) {
        this.configured = properties.publicUrl() == null
                ? null
                : properties.publicUrl().toString().replaceAll("/+$", "");
        this.trustedProxies = properties.trustedNetworks();
    }

    /** The base URL, without a trailing slash, for answering {@code exchange}. */
    public String of(ServerWebExchange exchange) {
        if (configured != null) {
            return configured;
        }
        var headers = exchange.getRequest().getHeaders();
        if (RequestContext.fromTrustedProxy(exchange, trustedProxies)) {
            String host = first(headers.getFirst("X-Forwarded-Host"));
            if (host != null && FORWARDED_HOST.matcher(host).matches()) {
                String proto = first(headers.getFirst("X-Forwarded-Proto"));
                return ("https".equalsIgnoreCase(proto) ? "https" : "http") + "://" + host;
            }
        }
        var uri = exchange.getRequest().getURI();
        String scheme = "https".equals(uri.getScheme()) ? "https" : "http";
        String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        // The JDK writes an IPv6 host in brackets, as it is written in a URL.
        if (host != null && LOOPBACK.contains(host)) {
            return scheme + "://" + host + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        }
        var local = exchange.getRequest().getLocalAddress();
        return scheme + "://localhost" + (local == null ? "" : ":" + local.getPort());
    }

    private static String first(String header) {
        if (header == null) {
            return null;
        }
        int comma = header.indexOf(',');
        return (comma < 0 ? header : header.substring(0, comma)).strip();
    }
}
