package dev.hamcp.bridge.runtime.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Refresh tokens: {@code <session id>.<256 random bits>}. The session id lets the bridge find the
 * session without storing the token; only the token's SHA-256 is ever kept.
 */
final class RefreshTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SESSION_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private RefreshTokens() {}

    static String issue(String sessionId) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return sessionId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The session a presented token claims to belong to, if it is shaped like one of ours. */
    static Optional<String> sessionOf(String token) {
        int dot = token.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String sessionId = token.substring(0, dot);
        return SESSION_ID.matcher(sessionId).matches() ? Optional.of(sessionId) : Optional.empty();
    }

    static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
