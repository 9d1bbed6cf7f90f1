package dev.hamcp.bridge.command;

import dev.hamcp.bridge.api.error.BusinessError;
import dev.hamcp.bridge.api.error.ErrorCode;
import org.axonframework.test.matchers.Matchers;
import org.hamcrest.Matcher;

/** Matchers for the business errors a fixture test expects a command to be refused with. */
public final class Refusals {

    private Refusals() {}

    /** The details of a {@code CommandExecutionException} carrying the business error {@code code}. */
    public static Matcher<Object> refusedWith(ErrorCode code) {
        return Matchers.matches(details -> details instanceof BusinessError error && error.code() == code);
    }
}
