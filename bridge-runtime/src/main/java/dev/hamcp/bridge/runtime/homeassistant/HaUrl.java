package dev.hamcp.bridge.runtime.homeassistant;

import java.util.Locale;

/**
 * A Home Assistant base URL that passed {@link DestinationPolicy#parse the form check}: http or
 * https, a host, an optional port and base path, and nothing else (no credentials, query or fragment).
 *
 * @param scheme {@code http} or {@code https}
 * @param host the host as written, lower case, IPv6 literals without brackets
 * @param port the port, the scheme's default when none was written
 * @param basePath the path before {@code /api/...}, empty or starting with {@code /}, never ending with one
 */
public record HaUrl(String scheme, String host, int port, String basePath) {

    public boolean secure() {
        return scheme.equals("https");
    }

    /** The path of {@code apiPath} ({@code /api/config}) under this Home Assistant. */
    public String path(String apiPath) {
        return basePath + apiPath;
    }

    /** The {@code Host} header: the host, and the port when it is not the scheme's default. */
    public String authority() {
        String shown = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return port == defaultPort(scheme) ? shown : shown + ":" + port;
    }

    /** The URL in its one canonical spelling, as it should be stored. */
    @Override
    public String toString() {
        return scheme + "://" + authority() + basePath;
    }

    static int defaultPort(String scheme) {
        return scheme.toLowerCase(Locale.ROOT).equals("https") ? 443 : 80;
    }
}
