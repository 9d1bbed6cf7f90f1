package dev.hamcp.bridge.command.user;

import dev.hamcp.bridge.api.error.BusinessError;
import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.user.Password;

/** What a new password must satisfy. */
final class PasswordPolicy {

    static final int MIN_LENGTH = 10;
    static final int MAX_LENGTH = 256;

    private PasswordPolicy() {}

    static void check(String username, Password candidate) {
        String value = candidate.value();
        // Code points, so a password of emoji is measured the way its owner counts it.
        int length = value.codePointCount(0, value.length());
        if (length < MIN_LENGTH) {
            throw violation("A password needs at least " + MIN_LENGTH + " characters.");
        }
        if (length > MAX_LENGTH) {
            throw violation("A password may have at most " + MAX_LENGTH + " characters.");
        }
        if (value.equalsIgnoreCase(username)) {
            throw violation("A password must not be the username.");
        }
    }

    // The current password was verified just before, so comparing the clear values needs no second hash.
    static void checkChange(String username, Password current, Password next) {
        check(username, next);
        if (next.value().equals(current.value())) {
            throw violation("The new password must differ from the current one.");
        }
    }

    private static RuntimeException violation(String message) {
        return BusinessError.reject(ErrorCode.PASSWORD_POLICY, message);
    }
}
