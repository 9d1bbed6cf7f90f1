package dev.hamcp.bridge.command.token;

import dev.hamcp.bridge.api.error.BusinessError;
import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.permission.Grant;
import dev.hamcp.bridge.api.token.Network;
import dev.hamcp.bridge.command.permission.GrantRules;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/** What a token's fields must look like before it is issued, and its permissions whenever they change. */
final class TokenRules {

    static final int LONGEST_NAME = 64;
    static final String DISPLAY_PREFIX_START = "mcp_";
    static final int LONGEST_DISPLAY_PREFIX = 16;
    static final int MOST_PERMISSIONS = 100;
    static final int MOST_NETWORKS = 32;
    static final int MOST_REQUESTS_PER_MINUTE = 100_000;
    static final Pattern SHA_256_HEX = Pattern.compile("[0-9a-f]{64}");

    private TokenRules() {}

    static void assertRequired(String value, String field) {
        if (value == null || value.isBlank()) {
            throw invalid(field + " is required.");
        }
    }

    static String validName(String name) {
        String trimmed = name == null ? "" : name.strip();
        int length = trimmed.codePointCount(0, trimmed.length());
        if (length < 1 || length > LONGEST_NAME) {
            throw invalid("name must be 1 to " + LONGEST_NAME + " characters.");
        }
        if (trimmed.codePoints().anyMatch(Character::isISOControl)) {
            throw invalid("name must not contain control characters.");
        }
        return trimmed;
    }

    static void assertValidHash(String tokenHash) {
        if (tokenHash == null || !SHA_256_HEX.matcher(tokenHash).matches()) {
            throw invalid("tokenHash must be a SHA-256 in 64 lower-case hex digits.");
        }
    }

    static void assertValidDisplayPrefix(String displayPrefix) {
        if (displayPrefix == null
                || !displayPrefix.startsWith(DISPLAY_PREFIX_START)
                || displayPrefix.length() > LONGEST_DISPLAY_PREFIX) {
            throw invalid("displayPrefix must start with " + DISPLAY_PREFIX_START + " and be at most "
                    + LONGEST_DISPLAY_PREFIX + " characters.");
        }
    }

    static void assertInFuture(Instant expiresAt, Instant now) {
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw BusinessError.reject(ErrorCode.INVALID_EXPIRY, "A token must expire in the future, or never.");
        }
    }

    static void assertValidPermissions(List<Grant> permissions) {
        if (permissions != null) {
            GrantRules.requireValid(permissions, MOST_PERMISSIONS);
        }
    }

    static void assertValidNetworks(List<String> allowedNetworks) {
        if (allowedNetworks.size() > MOST_NETWORKS) {
            throw invalid("At most " + MOST_NETWORKS + " allowed networks.");
        }
        allowedNetworks.forEach(Network::parse);
    }

    static void assertValidRate(Integer requestsPerMinute) {
        if (requestsPerMinute != null && (requestsPerMinute < 1 || requestsPerMinute > MOST_REQUESTS_PER_MINUTE)) {
            throw invalid("requestsPerMinute must be 1 to " + MOST_REQUESTS_PER_MINUTE + ", or left out.");
        }
    }

    private static RuntimeException invalid(String message) {
        return BusinessError.reject(ErrorCode.VALIDATION_FAILED, message);
    }
}
