package dev.hamcp.bridge.runtime.audit.access;

import dev.hamcp.bridge.api.permission.ToolLevel;
import dev.hamcp.bridge.query.history.AccessAnswers.Change;
import dev.hamcp.bridge.query.history.AccessAnswers.Holder;
import dev.hamcp.bridge.query.history.AccessAnswers.Reason;
import dev.hamcp.bridge.query.history.AccessHistory.Moment;
import dev.hamcp.bridge.query.history.AccessModel;
import dev.hamcp.bridge.query.history.Cause;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The access history's answers as the API shows them: every event named with its actor's
 * username as well as their id, so that a person reads "alice" where the store says a UUID.
 */
final class Explained {

    /** The event behind a reason or a change. */
    record Event(
            long position, Instant at, String type, String actor, String actorName, String clientIp, String reason) {}

    record Why(String rule, String pattern, List<ToolLevel> levels, Event event) {}

    record Line(
            String userId,
            String username,
            String tokenId,
            String tokenName,
            String tool,
            ToolLevel required,
            List<ToolLevel> levels,
            boolean allowed,
            List<Why> why) {}

    record Difference(
            String userId,
            String username,
            String tokenId,
            String tokenName,
            String tool,
            List<ToolLevel> before,
            List<ToolLevel> after,
            boolean allowedBefore,
            boolean allowedAfter,
            Event event) {}

    /** Where an answer comes from: the time asked, the last event it includes, and how it was built. */
    record AsOf(Instant at, long position, long snapshotPosition, int eventsReplayed) {

        static AsOf of(Moment moment) {
            return new AsOf(moment.at(), moment.model().position(), moment.snapshotPosition(), moment.eventsReplayed());
        }
    }

    private final AccessModel names;

    /** Explains with the usernames {@code names} knows (it may be a later model than the answer's). */
    Explained(AccessModel names) {
        this.names = names;
    }

    Event event(Cause cause) {
        if (cause == null) {
            return null;
        }
        var actor = cause.actor() == null ? null : names.people().get(cause.actor());
        return new Event(
                cause.position(),
                cause.at(),
                cause.type(),
                cause.actor(),
                actor == null ? null : actor.username(),
                cause.clientIp(),
                cause.reason());
    }

    Line line(Holder holder) {
        return new Line(
                holder.userId(),
                holder.username(),
                holder.tokenId(),
                holder.tokenName(),
                holder.tool(),
                holder.required(),
                ordered(holder.levels()),
                holder.allowed(),
                holder.why().stream().map(this::why).toList());
    }

    Difference difference(Change change) {
        return new Difference(
                change.userId(),
                change.username(),
                change.tokenId(),
                change.tokenName(),
                change.tool(),
                ordered(change.before()),
                ordered(change.after()),
                change.allowedBefore(),
                change.allowedAfter(),
                event(change.cause()));
    }

    private Why why(Reason reason) {
        return new Why(reason.rule(), reason.pattern(), ordered(reason.levels()), event(reason.cause()));
    }

    /** Levels in their own order, lowest first, whatever order a set kept them in. */
    private static List<ToolLevel> ordered(Set<ToolLevel> levels) {
        return levels.stream().sorted().toList();
    }
}
