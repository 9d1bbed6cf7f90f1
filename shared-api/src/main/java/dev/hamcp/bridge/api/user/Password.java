package dev.hamcp.bridge.api.user;

import java.util.Objects;

/**
 * A password in the clear, on its way to be hashed or verified; it never reaches an event, and its
 * {@code toString} never shows it, so a logged command cannot leak it.
 */
public record Password(String value) {

    public Password {
        Objects.requireNonNull(value, "password");
    }

    @Override
    public String toString() {
        return "Password[redacted]";
    }
}
