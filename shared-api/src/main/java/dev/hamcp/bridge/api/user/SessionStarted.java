package dev.hamcp.bridge.api.user;

import java.time.Instant;

/** A successful login opened a session; only the SHA-256 of its refresh token is kept. */
public record SessionStarted(String userId, String sessionId, String refreshTokenHash, Instant expiresAt)
        implements UserEvent {

    @Override
    public String toString() {
        return "SessionStarted[userId=" + userId + ", sessionId=" + sessionId + ", expiresAt=" + expiresAt + "]";
    }
}
