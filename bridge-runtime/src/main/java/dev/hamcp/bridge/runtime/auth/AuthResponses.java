package dev.hamcp.bridge.runtime.auth;

import dev.hamcp.bridge.api.user.Role;
import java.time.Instant;
import java.util.List;

/** Response bodies of {@code /auth}. */
final class AuthResponses {

    private AuthResponses() {}

    record Registered(String userId, String username) {}

    record Tokens(
            String accessToken,
            String tokenType,
            long expiresIn,
            Instant accessTokenExpiresAt,
            String refreshToken,
            Instant refreshTokenExpiresAt,
            String sessionId,
            boolean passwordChangeRequired) {

        /** The same answer with the refresh token left out: it travels in the dashboard's cookie instead. */
        Tokens withoutRefreshToken() {
            return new Tokens(
                    accessToken,
                    tokenType,
                    expiresIn,
                    accessTokenExpiresAt,
                    null,
                    refreshTokenExpiresAt,
                    sessionId,
                    passwordChangeRequired);
        }

        @Override
        public String toString() {
            return "Tokens[sessionId=" + sessionId + "]";
        }
    }

    record Me(
            String userId,
            String username,
            String email,
            Role role,
            boolean passwordChangeRequired,
            String sessionId) {}

    record Session(
            String sessionId,
            Instant startedAt,
            Instant lastRefreshedAt,
            Instant expiresAt,
            String clientIp,
            String userAgent,
            boolean current) {}

    /** A page of the caller's own account history, newest first. */
    record History(List<HistoryEntry> items, String nextCursor) {}

    record HistoryEntry(Instant at, String type, String summary, String clientIp) {}
}
