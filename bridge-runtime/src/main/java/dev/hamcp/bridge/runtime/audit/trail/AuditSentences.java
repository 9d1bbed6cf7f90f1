package dev.hamcp.bridge.runtime.audit.trail;

import dev.hamcp.bridge.api.audit.AuditMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * One event of the whole history as a sentence an administrator reads: who did what to whom,
 * from where and why ("alice granted read, write on 'Hass*' to bob, from 192.168.1.20, reason:
 * 'kitchen tablet'"). People are named by their username while the user directory knows them,
 * else by their id. Text that someone typed (names, tool patterns, reasons) is quoted, stripped
 * of control characters and clipped; the sentence is plain text, never markup. Only the members
 * of a payload that are safe to show are read.
 *
 * <p>The person's own history ({@code AccountHistory}) speaks to them without naming an actor
 * ("Signed in"); this one names both sides, so the two keep their own wording.
 */
final class AuditSentences {

    static final int MOST_QUOTED = 120;

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    /** Who an event's actor and subject are, as shown: usernames where known. */
    record Names(String actor, String subject) {}

    private AuditSentences() {}

    static String of(String type, JsonNode event, JsonNode meta, Names names) {
        String a = actor(names.actor());
        String s = person(names.subject());
        String what =
                switch (type) {
                    case "UserRegistered" -> a + " registered the account " + s + " as " + lower(event.path("role"));
                    case "LoginFailed" -> "a sign-in as " + s + " failed: wrong password";
                    case "AccountLocked" ->
                        s + " was locked after " + event.path("failedAttempts").asInt() + " failed sign-ins, until "
                                + text(event.path("lockedUntil"));
                    case "SessionStarted" -> s + " signed in";
                    case "SessionRefreshed" -> s + "'s session was refreshed";
                    case "SessionEnded" -> a + " ended a session of " + s + " (" + lower(event.path("reason")) + ")";
                    case "PasswordChanged" -> a + " changed the password of " + s;
                    case "CurrentPasswordRejected" ->
                        a + " tried to change the password of " + s + ": wrong current password";
                    case "UserDisabled" -> a + " disabled " + s;
                    case "UserEnabled" -> a + " enabled " + s;
                    case "UserRoleChanged" -> a + " changed the role of " + s + " to " + lower(event.path("role"));
                    case "UserDeleted" -> a + " deleted " + s;
                    case "ApiTokenIssued" ->
                        a + " issued the API token " + quoted(event.path("name")) + " to " + s
                                + (event.path("permissions").isArray()
                                        ? ", narrowed to " + grants(event.path("permissions"))
                                        : "");
                    case "ApiTokenRevoked" -> a + " revoked the API token " + text(event.path("tokenId")) + " of " + s;
                    case "ApiTokenPermissionsChanged" ->
                        a + " changed the API token " + text(event.path("tokenId")) + " of " + s + " to "
                                + (event.path("permissions").isArray()
                                        ? grants(event.path("permissions"))
                                        : "its owner's permissions");
                    case "HaConnectionAdded" ->
                        a + " added the Home Assistant connection " + quoted(event.path("name")) + " of " + s;
                    case "HaConnectionChanged" ->
                        a + " changed the Home Assistant connection " + quoted(event.path("name")) + " of " + s
                                + (event.path("tokenReplaced").asBoolean(false) ? ", with a new token" : "");
                    case "HaConnectionRemoved" -> a + " removed a Home Assistant connection of " + s;
                    case "DefaultHaConnectionChosen" -> a + " chose the default Home Assistant connection of " + s;
                    case "HaConnectionTested" ->
                        a + " tested a Home Assistant connection of " + s + ": "
                                + (event.path("result").path("ok").asBoolean(false)
                                        ? "passed"
                                        : "failed ("
                                                + lower(event.path("result").path("failure")) + ")");
                    case "PermissionGranted" -> grant(a, event.path("grant"), s);
                    case "PermissionChanged" ->
                        grant(a, event.path("grant"), s) + " (was " + levels(event.path("previous")) + ")";
                    case "PermissionRevoked" -> a + " revoked the grant on " + quoted(event.path("tool")) + " of " + s;
                    case "PermissionsChangedInBulk" ->
                        a + " set " + event.path("grants").size() + " grants and revoked "
                                + event.path("revoked").size() + " of " + s;
                    case "DefaultPolicyChanged" -> a + " changed the default grants to " + grants(event.path("grants"));
                    case "ToolLevelOverridden" ->
                        a + " set the level of the tool " + quoted(event.path("tool")) + " to "
                                + lower(event.path("level"));
                    case "ToolLevelOverrideCleared" ->
                        a + " cleared the level set for the tool " + quoted(event.path("tool"));
                    case "UpstreamRegistered" ->
                        a + " registered the upstream " + quoted(event.path("name")) + " ("
                                + lower(event.path("transport")) + ")";
                    case "UpstreamChanged" -> a + " changed the upstream " + quoted(event.path("name"));
                    case "UpstreamRemoved" -> a + " removed the upstream " + quoted(event.path("name"));
                    case "AdminSeatTaken" -> s + " became an administrator";
                    case "AdminSeatReleased" -> s + " stopped being an administrator";
                    case "UsernameClaimed" -> "the username " + quoted(event.path("username")) + " was taken by " + s;
                    case "UsernameReleased" -> "the username of " + s + " was released";
                    case "DataKeysRewrapped" ->
                        a + " rewrapped " + event.path("count").asInt() + " data keys under the master key "
                                + text(event.path("toMasterKeyId"));
                    case "SecurityLimitsChanged" ->
                        a + " set the limits to "
                                + event.path("requestsPerMinute").asLong()
                                + " calls a minute per user" + was(event.path("previousRequestsPerMinute")) + " and "
                                + event.path("invalidTokensPerMinute").asLong()
                                + " invalid tokens a minute per address"
                                + was(event.path("previousInvalidTokensPerMinute"));
                    case "RequestLogPurged" ->
                        a + " deleted " + event.path("rows").asLong() + " request log rows older than "
                                + instant(event.path("cutoff"));
                    default -> a + ": " + type;
                };
        var sentence = new StringBuilder(what);
        if (meta.path(AuditMetadata.CLIENT_IP).isString()) {
            sentence.append(", from ")
                    .append(clean(meta.path(AuditMetadata.CLIENT_IP).asString(), 64));
        }
        if (meta.path(AuditMetadata.REASON).isString()) {
            sentence.append(", reason: ").append(quoted(meta.path(AuditMetadata.REASON)));
        }
        return sentence.toString();
    }

    private static String grant(String actor, JsonNode grant, String subject) {
        if (!grant.path("enabled").asBoolean(true)) {
            return actor + " blocked " + quoted(grant.path("tool")) + " for " + subject;
        }
        return actor + " granted " + levels(grant) + " on " + quoted(grant.path("tool")) + " to " + subject;
    }

    private static String grants(JsonNode grants) {
        if (grants.isEmpty()) {
            return "nothing";
        }
        List<String> shown = new ArrayList<>();
        for (JsonNode grant : grants) {
            if (shown.size() == 5) {
                shown.add("and " + (grants.size() - 5) + " more");
                break;
            }
            shown.add(
                    grant.path("enabled").asBoolean(true)
                            ? levels(grant) + " on " + quoted(grant.path("tool"))
                            : "none on " + quoted(grant.path("tool")));
        }
        return String.join("; ", shown);
    }

    private static String levels(JsonNode grant) {
        if (grant.isMissingNode() || grant.isNull()) {
            return "nothing";
        }
        List<String> levels = new ArrayList<>();
        grant.path("levels").forEach(level -> levels.add(lower(level)));
        levels.sort(null);
        return levels.isEmpty() ? "nothing" : String.join(", ", levels);
    }

    private static String was(JsonNode previous) {
        return previous.isNumber() ? " (was " + previous.asLong() + ")" : " (was the configured default)";
    }

    private static String actor(String actor) {
        if (actor == null || AuditMetadata.SYSTEM_ACTOR.equals(actor)) {
            return "the bridge";
        }
        if ("anonymous".equals(actor)) {
            return "someone not signed in";
        }
        return person(actor);
    }

    private static String person(String name) {
        if (name == null) {
            return "someone";
        }
        return PLAIN_NAME.matcher(name).matches() ? name : "'" + clean(name, MOST_QUOTED) + "'";
    }

    private static String quoted(JsonNode value) {
        return value.isString() ? "'" + clean(value.asString(), MOST_QUOTED) + "'" : "(none)";
    }

    /** An instant as events store it (decimal seconds since the epoch), to the second in ISO-8601. */
    private static String instant(JsonNode value) {
        if (!value.isNumber()) {
            return text(value);
        }
        return Instant.ofEpochSecond(value.asLong()).toString();
    }

    private static String text(JsonNode value) {
        return value.isValueNode() ? clean(value.asString(), 64) : "(none)";
    }

    private static String lower(JsonNode value) {
        return value.isString() ? clean(value.asString(), 64).toLowerCase(Locale.ROOT) : "unknown";
    }

    /** Control characters become spaces (no forged second line in a log or a terminal); long text is cut. */
    static String clean(String text, int most) {
        String plain = text.chars()
                .map(c -> Character.isISOControl(c) ? ' ' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return plain.length() > most ? plain.substring(0, most) + "…" : plain;
    }
}
