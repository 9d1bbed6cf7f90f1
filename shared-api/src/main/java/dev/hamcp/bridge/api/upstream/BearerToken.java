package dev.hamcp.bridge.api.upstream;

import java.util.Objects;

/**
 * An upstream's credential in the clear, on its way to be encrypted; it never reaches an event, and
 * its {@code toString} never shows it, so a logged command cannot leak it.
 */
public record BearerToken(String value) {

    public BearerToken {
        Objects.requireNonNull(value, "token");
    }

    @Override
    public String toString() {
        return "BearerToken[redacted]";
    }
}
