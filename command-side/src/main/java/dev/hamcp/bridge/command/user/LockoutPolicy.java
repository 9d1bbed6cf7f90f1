package dev.hamcp.bridge.command.user;

import java.time.Duration;

/** How many wrong passwords within which window lock an account, and for how long. */
public record LockoutPolicy(int maxFailures, Duration window, Duration lockDuration) {

    public LockoutPolicy {
        if (maxFailures < 1 || maxFailures > FailedLogins.REMEMBERED) {
            throw new IllegalArgumentException(
                    "maxFailures must be between 1 and " + FailedLogins.REMEMBERED + ", got " + maxFailures);
        }
        requirePositive("window", window);
        requirePositive("lockDuration", lockDuration);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
        }
    }
}
