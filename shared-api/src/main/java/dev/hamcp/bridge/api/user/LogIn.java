package dev.hamcp.bridge.api.user;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Checks a password and, when it is right and the account is usable, starts a session whose
 * refresh token has the given SHA-256 hash. Answers a {@link LoginOutcome}; a refusal is an
 * outcome, not an exception, so the failed attempt is recorded.
 */
public record LogIn(
        @TargetAggregateIdentifier String userId,
        Password password,
        String sessionId,
        String refreshTokenHash,
        Instant refreshExpiresAt) {

    @Override
    public String toString() {
        return "LogIn[userId=" + userId + ", sessionId=" + sessionId + "]";
    }
}
