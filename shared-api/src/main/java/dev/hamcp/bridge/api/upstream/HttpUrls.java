package dev.hamcp.bridge.api.upstream;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * The form every URL the bridge will connect to must have, checked without any network access:
 * {@code http} or {@code https}, a host, and no user, query or fragment (a credential belongs in
 * the token, never in the address).
 */
public final class HttpUrls {

    private HttpUrls() {}

    /** What is wrong with {@code url}, for people; empty when it has the right form. */
    public static Optional<String> problemWith(String url) {
        if (url == null || url.isBlank()) {
            return Optional.of("url is required.");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("url is not a valid URL.");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            return Optional.of("url must start with http:// or https://.");
        }
        if (uri.getHost() == null) {
            return Optional.of("url must name a host.");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return Optional.of("url must not carry a user, a query or a fragment; put the credential in token.");
        }
        return Optional.empty();
    }
}
