package dev.hamcp.bridge.runtime.mcp.upstream;

import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDefinition.Transport;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The MCP servers administrators list in configuration ({@code bridge.upstreams[n].*}). Checked
 * at start-up: a mistake stops the bridge with a message naming the entry and the setting.
 */
@ConfigurationProperties("bridge")
public record ConfiguredUpstreamProperties(List<Upstream> upstreams) {

    static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,32}");
    static final Duration LONGEST_TIMEOUT = Duration.ofMinutes(10);

    public ConfiguredUpstreamProperties {
        upstreams = upstreams == null ? List.of() : List.copyOf(upstreams);
        var names = new HashSet<String>();
        for (int i = 0; i < upstreams.size(); i++) {
            var upstream = upstreams.get(i);
            var setting = "bridge.upstreams[" + i + "].";
            upstream.validate(setting);
            if (!names.add(upstream.name())) {
                throw new IllegalArgumentException(
                        setting + "name \"" + upstream.name() + "\" is already used by another upstream");
            }
        }
    }

    /**
     * One upstream MCP server.
     *
     * @param name 1-32 of {@code a-z 0-9 -}, unique; prefixes its tools when a caller sees several upstreams
     * @param transport {@code streamable-http} (default), {@code sse} or {@code stdio}
     * @param url the MCP endpoint for the HTTP transports, such as {@code http://homeassistant.local:8123/api/mcp}
     * @param token sent as {@code Authorization: Bearer} to HTTP upstreams (Home Assistant: a long-lived access token)
     * @param command the program a stdio upstream runs; an absolute path, since the process gets no {@code PATH} unless {@code env} gives one
     * @param args its arguments
     * @param env the whole environment of a stdio process: nothing of the bridge's own is passed on
     * @param allowedUsers ids of the users who may use it; empty means everyone
     * @param timeout how long one call may take, retries included; at most 10 minutes
     */
    public record Upstream(
            String name,
            @DefaultValue("streamable-http") Transport transport,
            String url,
            String token,
            String command,
            List<String> args,
            Map<String, String> env,
            Set<String> allowedUsers,
            @DefaultValue("30s") Duration timeout) {

        public Upstream {
            args = args == null ? List.of() : List.copyOf(args);
            env = env == null ? Map.of() : Map.copyOf(env);
            allowedUsers = allowedUsers == null ? Set.of() : Set.copyOf(allowedUsers);
        }

        void validate(String setting) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(setting + "name must be 1-32 of a-z 0-9 and -, was "
                        + (name == null ? "missing" : quoted(name)));
            }
            var where = setting + " (upstream \"" + name + "\"): ";
            if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(LONGEST_TIMEOUT) > 0) {
                throw new IllegalArgumentException(where + "timeout must be longer than zero and at most 10 minutes");
            }
            if (transport == Transport.STDIO) {
                validateStdio(where);
            } else {
                validateHttp(where);
            }
        }

        private void validateStdio(String where) {
            if (command == null || command.isBlank()) {
                throw new IllegalArgumentException(where + "a stdio upstream needs a command");
            }
            if (url != null && !url.isBlank()) {
                throw new IllegalArgumentException(
                        where + "url is for HTTP upstreams; a stdio upstream runs its command");
            }
            if (token != null && !token.isBlank()) {
                throw new IllegalArgumentException(
                        where + "token is sent over HTTP only; give a stdio upstream its secrets through env");
            }
        }

        private void validateHttp(String where) {
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException(where + "an HTTP upstream needs a url");
            }
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(where + "url is not a valid URL: " + e.getReason());
            }
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
                throw new IllegalArgumentException(where + "url must start with http:// or https://");
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException(where + "url must name a host");
            }
            if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException(
                        where + "url must not carry a user, a query or a fragment; put the credential in token");
            }
            if (command != null && !command.isBlank()) {
                throw new IllegalArgumentException(where + "command is for stdio upstreams");
            }
        }

        private static String quoted(String value) {
            return "\"" + value + "\"";
        }

        @Override
        public String toString() {
            return "Upstream[name=" + name + ", transport=" + transport + ", url=" + url + ", command=" + command
                    + ", timeout=" + timeout + "]";
        }
    }
}
