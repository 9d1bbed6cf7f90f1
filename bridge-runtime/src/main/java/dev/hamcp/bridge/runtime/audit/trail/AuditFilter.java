package dev.hamcp.bridge.runtime.audit.trail;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.query.access.AccessView;
import dev.hamcp.bridge.runtime.web.ApiException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.util.MultiValueMap;

/**
 * Which events of the audit trail a question is about; every member is optional and they all
 * hold together. {@code actor} and {@code user} take a user id or a username; {@code token} is
 * the token an event is about or the one its actor used; {@code types} are event type names
 * ({@code PermissionGranted}), any of which matches.
 */
record AuditFilter(
        String actor,
        String user,
        String token,
        String connection,
        String upstream,
        List<String> types,
        String correlationId,
        String clientIp,
        Instant from,
        Instant to) {

    /** The filter parameters; the endpoints add their own (paging, format) to what they accept. */
    static final List<String> PARAMETERS = List.of(
            "actor", "user", "token", "connection", "upstream", "type", "correlationId", "clientIp", "from", "to");

    static final int MOST_TYPES = 50;

    private static final Pattern TYPE = Pattern.compile("[A-Z][A-Za-z0-9]{0,127}");

    /** The filter of {@code query}; a parameter outside {@code known}, or a malformed value, is refused. */
    static AuditFilter of(MultiValueMap<String, String> query, List<String> known, AccessView users) {
        for (String name : query.keySet()) {
            if (!known.contains(name)) {
                throw new ApiException(
                        ErrorCode.VALIDATION_FAILED,
                        "Unknown query parameter " + clip(name) + "; known: " + known + ".");
            }
        }
        Instant from = instant(query.getFirst("from"), "from");
        Instant to = instant(query.getFirst("to"), "to");
        if (from != null && to != null && !from.isBefore(to)) {
            throw invalid("from", "before to");
        }
        return new AuditFilter(
                userId(text(query, "actor", 64), users),
                userId(text(query, "user", 64), users),
                text(query, "token", 64),
                text(query, "connection", 64),
                text(query, "upstream", 128),
                types(query.get("type")),
                text(query, "correlationId", 128),
                text(query, "clientIp", 64),
                from,
                to);
    }

    /** Known usernames stand for their user's id; anything else is taken as an id ("system" among them). */
    private static String userId(String value, AccessView users) {
        return value == null ? null : users.userIdForUsername(value).orElse(value);
    }

    private static List<String> types(List<String> values) {
        if (values == null) {
            return List.of();
        }
        Set<String> types = new LinkedHashSet<>();
        for (String value : values) {
            for (String type : value.split(",")) {
                String name = type.strip();
                if (name.isEmpty()) {
                    continue;
                }
                if (!TYPE.matcher(name).matches()) {
                    throw invalid("type", "event type names such as PermissionGranted, separated by commas");
                }
                types.add(name);
            }
        }
        if (types.size() > MOST_TYPES) {
            throw invalid("type", "at most " + MOST_TYPES + " event types");
        }
        return new ArrayList<>(types);
    }

    private static String text(MultiValueMap<String, String> query, String name, int most) {
        String value = query.getFirst(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > most || value.chars().anyMatch(Character::isISOControl)) {
            throw invalid(name, "at most " + most + " printable characters");
        }
        return value.strip();
    }

    private static Instant instant(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw invalid(name, "an ISO-8601 instant such as 2026-12-01T10:00:00Z");
        }
    }

    private static String clip(String name) {
        return name.length() > 40 || !name.matches("[A-Za-z0-9_.-]*") ? "(unreadable)" : name;
    }

    static ApiException invalid(String parameter, String expected) {
        return new ApiException(
                ErrorCode.VALIDATION_FAILED,
                "The query parameter " + parameter + " must be " + expected + ".",
                Map.of(),
                Map.of("errors", List.of(Map.of("field", parameter, "message", "must be " + expected))));
    }
}
