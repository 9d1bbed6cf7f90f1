package dev.hamcp.bridge.runtime.web;

import dev.hamcp.bridge.api.error.ErrorCode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.util.MultiValueMap;

/**
 * A request's query parameters, read strictly: an unknown name or a malformed value is refused
 * with a problem that names the parameter and says what it must be, never echoing what cannot be
 * read safely.
 */
public record QueryParameters(Map<String, List<String>> values) {

    /** The parameters of a request that knows only {@code known}, each given once. */
    public static QueryParameters of(Map<String, String> query, Collection<String> known) {
        requireKnown(query.keySet(), known);
        var values = new HashMap<String, List<String>>();
        query.forEach((name, value) -> values.put(name, List.of(value)));
        return new QueryParameters(Map.copyOf(values));
    }

    /** The parameters of a request that knows only {@code known}, some perhaps given several times. */
    public static QueryParameters of(MultiValueMap<String, String> query, Collection<String> known) {
        requireKnown(query.keySet(), known);
        var values = new HashMap<String, List<String>>();
        query.forEach((name, given) -> values.put(name, List.copyOf(given)));
        return new QueryParameters(Map.copyOf(values));
    }

    private static void requireKnown(Collection<String> names, Collection<String> known) {
        for (String name : names) {
            if (!known.contains(name)) {
                throw new ApiException(
                        ErrorCode.VALIDATION_FAILED,
                        "Unknown query parameter " + clip(name) + "; known: " + known + ".");
            }
        }
    }

    /** The parameter's first value, null when absent or blank. */
    public String text(String name) {
        List<String> given = values.get(name);
        String value = given == null || given.isEmpty() ? null : given.getFirst();
        return value == null || value.isBlank() ? null : value;
    }

    /** The parameter's first value, stripped, refused unless it is at most {@code most} printable characters. */
    public String text(String name, int most) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        if (value.length() > most || value.chars().anyMatch(Character::isISOControl)) {
            throw invalid(name, "at most " + most + " printable characters");
        }
        return value.strip();
    }

    /** Every value the parameter was given, in order. */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** The parameter as an ISO-8601 instant, {@code otherwise} when absent. */
    public Instant instant(String name, Instant otherwise) {
        String value = text(name);
        if (value == null) {
            return otherwise;
        }
        try {
            return Instant.parse(value.strip());
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
            long number = Long.parseLong(value.strip());
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
