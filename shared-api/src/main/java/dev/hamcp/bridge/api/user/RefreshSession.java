package dev.hamcp.bridge.api.user;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Rotates a session's refresh token. Presenting a token that was already rotated away ends the
 * whole session (reuse detection). Answers a {@link RefreshOutcome}.
 */
public record RefreshSession(
        @TargetAggregateIdentifier String userId,
        String sessionId,
        String presentedTokenHash,
        String newTokenHash,
        Instant refreshExpiresAt) {

    @Override
    public String toString() {
        return "RefreshSession[userId=" + userId + ", sessionId=" + sessionId + "]";
    }
}
