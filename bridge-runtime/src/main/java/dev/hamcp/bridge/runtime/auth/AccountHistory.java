package dev.hamcp.bridge.runtime.auth;

import dev.hamcp.bridge.api.audit.AuditMetadata;
import dev.hamcp.bridge.api.homeassistant.HaConnectionIds;
import dev.hamcp.bridge.query.token.ApiTokenAccess;
import dev.hamcp.bridge.query.token.TokenView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A person's own account history, read from the event store itself: sign-ins, failed ones and
 * lockouts, password changes, sessions ended, their tokens' and Home Assistant connections'
 * changes, newest first. Each as its type, a sentence and where it came from; never the event's
 * payload, which holds what a person must not be shown again (a token's hash, for one). Refreshes
 * of a session are left out: a session refreshes every few minutes.
 */
@Component
class AccountHistory {

    /** One entry; {@code position} is the event's place in the whole history, the page's cursor. */
    record Entry(long position, Instant at, String type, String summary, String clientIp) {}

    private static final Map<String, String> SUMMARIES = Map.ofEntries(
            Map.entry("UserRegistered", "Account created"),
            Map.entry("SessionStarted", "Signed in"),
            Map.entry("LoginFailed", "Sign-in failed: wrong password"),
            Map.entry("AccountLocked", "Account locked after too many failed sign-ins"),
            Map.entry("SessionEnded", "Session ended"),
            Map.entry("PasswordChanged", "Password changed"),
            Map.entry("CurrentPasswordRejected", "Password change refused: wrong current password"),
            Map.entry("UserRoleChanged", "Role changed"),
            Map.entry("UserDisabled", "Account disabled"),
            Map.entry("UserEnabled", "Account enabled"),
            Map.entry("ApiTokenIssued", "API token created"),
            Map.entry("ApiTokenRevoked", "API token revoked"),
            Map.entry("ApiTokenPermissionsChanged", "API token's permissions changed"),
            Map.entry("HaConnectionAdded", "Home Assistant connection added"),
            Map.entry("HaConnectionChanged", "Home Assistant connection changed"),
            Map.entry("HaConnectionRemoved", "Home Assistant connection deleted"),
            Map.entry("DefaultHaConnectionChosen", "Default Home Assistant connection chosen"),
            Map.entry("HaConnectionTested", "Home Assistant connection tested"));

    private final DatabaseClient db;
    private final TokenView tokens;
    private final JsonMapper json;

    AccountHistory(DatabaseClient db, TokenView tokens, JsonMapper json) {
        this.db = db;
        this.tokens = tokens;
        this.json = json;
    }

    /** At most {@code limit} entries of {@code userId}'s history, before position {@code before} when given. */
    Mono<List<Entry>> page(String userId, Long before, int limit) {
        var aggregates = new ArrayList<String>(List.of(userId, HaConnectionIds.of(userId)));
        tokens.tokensOf(userId).stream().map(ApiTokenAccess::tokenId).forEach(aggregates::add);
        var types = SUMMARIES.keySet().stream().map(type -> "%." + type).toArray(String[]::new);
        return db.sql("SELECT global_index, time_stamp, payload_type, payload, meta_data FROM domain_event_entry"
                        + " WHERE aggregate_identifier = ANY(:aggregates) AND payload_type LIKE ANY(:types)"
                        + (before == null ? "" : " AND global_index < :before")
                        + " ORDER BY global_index DESC LIMIT " + limit)
                .bind("aggregates", aggregates.toArray(String[]::new))
                .bind("types", types)
                .bindValues(before == null ? Map.of() : Map.of("before", before))
                .map(row -> entry(
                        row.get("global_index", Long.class),
                        row.get("time_stamp", String.class),
                        row.get("payload_type", String.class),
                        row.get("payload", byte[].class),
                        row.get("meta_data", byte[].class)))
                .all()
                .collectList();
    }

    private Entry entry(long position, String timestamp, String payloadType, byte[] payload, byte[] metadata) {
        String type = payloadType.substring(payloadType.lastIndexOf('.') + 1);
        JsonNode event = read(payload);
        String summary = SUMMARIES.getOrDefault(type, type) + detail(type, event);
        JsonNode meta = read(metadata);
        String clientIp = meta.path(AuditMetadata.CLIENT_IP).isString()
                ? meta.path(AuditMetadata.CLIENT_IP).asString()
                : null;
        return new Entry(position, Instant.parse(timestamp), type, summary, clientIp);
    }

    /** What the sentence adds, from the few members that are safe to show. */
    private static String detail(String type, JsonNode event) {
        return switch (type) {
            case "ApiTokenIssued", "HaConnectionAdded", "HaConnectionChanged" -> quoted(event.path("name"));
            case "AccountLocked" ->
                event.path("lockedUntil").isString()
                        ? " until " + event.path("lockedUntil").asString()
                        : "";
            case "SessionEnded" ->
                event.path("reason").isString()
                        ? " (" + event.path("reason").asString().toLowerCase() + ")"
                        : "";
            case "UserRoleChanged" ->
                event.path("role").isString() ? " to " + event.path("role").asString() : "";
            case "HaConnectionTested" -> event.path("result").path("ok").asBoolean(false) ? ": passed" : ": failed";
            default -> "";
        };
    }

    private static String quoted(JsonNode name) {
        return name.isString() ? ": \u201c" + name.asString() + "\u201d" : "";
    }

    private JsonNode read(byte[] bytes) {
        try {
            return bytes == null ? json.createObjectNode() : json.readTree(bytes);
        } catch (RuntimeException notJson) {
            return json.createObjectNode();
        }
    }
}
