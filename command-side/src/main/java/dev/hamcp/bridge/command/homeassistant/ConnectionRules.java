package dev.hamcp.bridge.command.homeassistant;

import dev.hamcp.bridge.api.error.BusinessError;
import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.upstream.BearerToken;
import dev.hamcp.bridge.api.upstream.HttpUrls;
import java.time.Duration;
import java.util.regex.Pattern;

/** What a Home Assistant connection's definition must look like, checked without the network. */
final class ConnectionRules {

    static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,32}");
    static final Duration SHORTEST_TIMEOUT = Duration.ofSeconds(1);
    /** Home Assistant itself gives up on an MCP request after 60 seconds. */
    static final Duration LONGEST_TIMEOUT = Duration.ofSeconds(60);

    private ConnectionRules() {}

    static void requireValidId(String connectionId) {
        if (connectionId == null || connectionId.isBlank()) {
            throw invalid("connectionId is required.");
        }
    }

    static void requireValid(String name, String url, Duration timeout) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw invalid("name must be 1-32 of a-z, 0-9 and -.");
        }
        HttpUrls.problemWith(url).ifPresent(problem -> {
            throw invalid(problem);
        });
        if (timeout == null || timeout.compareTo(SHORTEST_TIMEOUT) < 0 || timeout.compareTo(LONGEST_TIMEOUT) > 0) {
            throw invalid("timeout must be between 1 and 60 seconds.");
        }
    }

    static void requireToken(BearerToken token) {
        if (token == null || token.value().isBlank()) {
            throw invalid("token is required: a long-lived access token from the Home Assistant profile page.");
        }
    }

    static void requireNonBlankIfGiven(BearerToken token) {
        if (token != null && token.value().isBlank()) {
            throw invalid("token must not be blank; leave it out to keep the stored one.");
        }
    }

    /** The base URL as stored: without trailing slashes, so {@code url + "/api/mcp"} is always right. */
    static String normalized(String url) {
        String base = url.strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base;
    }

    static RuntimeException invalid(String message) {
        return BusinessError.reject(ErrorCode.INVALID_HA_CONNECTION, message);
    }
}
