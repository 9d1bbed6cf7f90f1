package dev.hamcp.bridge.api.user;

import java.time.Instant;

/** What a {@link LogIn} came to. {@code lockedUntil} is set only when the account is locked. */
public record LoginOutcome(Status status, Instant lockedUntil) {

    public enum Status {
        SESSION_STARTED,
        REJECTED,
        LOCKED
    }

    public static LoginOutcome started() {
        return new LoginOutcome(Status.SESSION_STARTED, null);
    }

    public static LoginOutcome rejected() {
        return new LoginOutcome(Status.REJECTED, null);
    }

    public static LoginOutcome locked(Instant until) {
        return new LoginOutcome(Status.LOCKED, until);
    }
}
