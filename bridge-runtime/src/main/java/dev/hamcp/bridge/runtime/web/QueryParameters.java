package dev.hamcp.bridge.runtime.web;

import dev.hamcp.bridge.api.error.ErrorCode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A request's query parameters, read strictly: an unknown name or a malformed value is refused
 * with a problem that names the parameter and says what it must be, never echoing what cannot be
 * read safely.
 */
public record QueryParameters(Map<String, String> values) {

    /** The parameters of a request that knows only {@code known}. */
    public static QueryParameters of(Map<String, String> query, Collection<String> known) {
        for (String name : query.keySet()) {
            if (!known.contains(name)) {
                throw new ApiException(
                        ErrorCode.VALIDATION_FAILED,
                        "Unknown query parameter " + clip(name) + "; known: " + known + ".");
            }
        }
        return new QueryParameters(Map.copyOf(query));
    }

    /** The parameter's text, null when absent or blank. */
    public String text(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    /** The parameter as an ISO-8601 instant, {@code otherwise} when absent. */
    public Instant instant(String name, Instant otherwise) {
        String value = text(name);
        if (value == null) {
            return otherwise;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(name, "an ISO-8601 instant such as 2026-12-01T10:00:00Z");
        }
    }

    /** The parameter as a whole number from {@code least} to {@code most}, {@code otherwise} when absent. */
    public long number(String name, long least, long most, long otherwise) {
        String value = text(name);
        if (value == null) {
            return otherwise;
        }
        try {
            long number = Long.parseLong(value);
            if (number >= least && number <= most) {
                return number;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw invalid(name, "a whole number from " + least + " to " + most);
    }

    /** A refusal naming {@code parameter} and what it must be. */
    public static ApiException invalid(String parameter, String expected) {
        return new ApiException(
                ErrorCode.VALIDATION_FAILED,
                "The query parameter " + parameter + " must be " + expected + ".",
                Map.of(),
                Map.of("errors", List.of(Map.of("field", parameter, "message", "must be " + expected))));
    }

    private static String clip(String name) {
        return name.length() > 40 || !name.matches("[A-Za-z0-9_.-]*") ? "(unreadable)" : name;
    }
}
