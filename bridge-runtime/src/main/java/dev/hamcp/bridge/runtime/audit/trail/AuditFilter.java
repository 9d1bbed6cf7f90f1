package dev.hamcp.bridge.runtime.audit.trail;

import dev.hamcp.bridge.query.access.AccessView;
import dev.hamcp.bridge.runtime.web.QueryParameters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

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

    /** The filter of {@code params}; a malformed value is refused. */
    static AuditFilter of(QueryParameters params, AccessView users) {
        Instant from = params.instant("from", null);
        Instant to = params.instant("to", null);
        if (from != null && to != null && !from.isBefore(to)) {
            throw QueryParameters.invalid("from", "before to");
        }
        return new AuditFilter(
                userId(params.text("actor", 64), users),
                userId(params.text("user", 64), users),
                params.text("token", 64),
                params.text("connection", 64),
                params.text("upstream", 128),
                types(params.all("type")),
                params.text("correlationId", 128),
                params.text("clientIp", 64),
                from,
                to);
    }

    /** Known usernames stand for their user's id; anything else is taken as an id ("system" among them). */
    private static String userId(String value, AccessView users) {
        return value == null ? null : users.userIdForUsername(value).orElse(value);
    }

    private static List<String> types(List<String> values) {
        Set<String> types = new LinkedHashSet<>();
        for (String value : values) {
            for (String type : value.split(",")) {
                String name = type.strip();
                if (name.isEmpty()) {
                    continue;
                }
                if (!TYPE.matcher(name).matches()) {
                    throw QueryParameters.invalid(
                            "type", "event type names such as PermissionGranted, separated by commas");
                }
                types.add(name);
            }
        }
        if (types.size() > MOST_TYPES) {
            throw QueryParameters.invalid("type", "at most " + MOST_TYPES + " event types");
        }
        return new ArrayList<>(types);
    }
}
