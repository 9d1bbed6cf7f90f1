package dev.hamcp.bridge.api.user;

import java.time.Instant;

/** What a {@link ChangePassword} came to. {@code lockedUntil} is set only when the account is locked. */
public record PasswordChangeOutcome(Status status, Instant lockedUntil) {

    public enum Status {
        CHANGED,
        WRONG_CURRENT_PASSWORD,
        LOCKED
    }

    public static PasswordChangeOutcome changed() {
        return new PasswordChangeOutcome(Status.CHANGED, null);
    }

    public static PasswordChangeOutcome wrongCurrentPassword() {
        return new PasswordChangeOutcome(Status.WRONG_CURRENT_PASSWORD, null);
    }

    public static PasswordChangeOutcome locked(Instant until) {
        return new PasswordChangeOutcome(Status.LOCKED, until);
    }
}
