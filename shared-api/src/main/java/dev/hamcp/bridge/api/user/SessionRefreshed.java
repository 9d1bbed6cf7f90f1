package dev.hamcp.bridge.api.user;

import java.time.Instant;

/** A session's refresh token was rotated; the previous one is now spent. */
public record SessionRefreshed(String userId, String sessionId, String refreshTokenHash, Instant expiresAt)
        implements UserEvent {

    @Override
    public String toString() {
        return "SessionRefreshed[userId=" + userId + ", sessionId=" + sessionId + ", expiresAt=" + expiresAt + "]";
    }
}
