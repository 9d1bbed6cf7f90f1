package dev.hamcp.bridge.command.user;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.hamcp.bridge.api.user.RefreshOutcome;
import dev.hamcp.bridge.api.user.RefreshSession;
import dev.hamcp.bridge.api.user.SessionEndReason;
import dev.hamcp.bridge.api.user.SessionEnded;
import dev.hamcp.bridge.api.user.SessionRefreshed;
import dev.hamcp.bridge.api.user.SessionStarted;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;

/** A user's open login sessions: the current refresh-token hash of each and the hashes it already spent. */
@JsonAutoDetect(
        fieldVisibility = Visibility.ANY,
        getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
final class Sessions {

    static final int SPENT_KEPT = 50;

    private Map<String, Session> open = new HashMap<>();

    boolean contains(String sessionId) {
        return open.containsKey(sessionId);
    }

    boolean isActive(String sessionId, Instant now) {
        Session session = open.get(sessionId);
        return session != null && now.isBefore(session.expiresAt());
    }

    /** Rotates the refresh token, or ends the session when a token it already spent comes back. */
    RefreshOutcome refresh(String userId, RefreshSession cmd, Instant now) {
        if (!isActive(cmd.sessionId(), now)) {
            return RefreshOutcome.REJECTED;
        }
        Session session = open.get(cmd.sessionId());
        if (sameHash(session.currentHash(), cmd.presentedTokenHash())) {
            apply(new SessionRefreshed(userId, cmd.sessionId(), cmd.newTokenHash(), cmd.refreshExpiresAt()));
            return RefreshOutcome.ROTATED;
        }
        if (session.spentHashes().stream().anyMatch(spent -> sameHash(spent, cmd.presentedTokenHash()))) {
            // Both the thief and the owner hold a descendant of this token; ending the session stops both.
            apply(new SessionEnded(userId, cmd.sessionId(), SessionEndReason.REFRESH_TOKEN_REUSED));
            return RefreshOutcome.REUSE_DETECTED;
        }
        return RefreshOutcome.REJECTED;
    }

    /** Ends every session that is still usable, except {@code keepSessionId} (which may be null). */
    void endActive(String userId, SessionEndReason reason, String keepSessionId, Instant now) {
        open.keySet().stream()
                .filter(id -> isActive(id, now) && !id.equals(keepSessionId))
                .sorted() // a stable order, so the same history is written on every node and replay
                .toList()
                .forEach(id -> apply(new SessionEnded(userId, id, reason)));
    }

    // An expired session can never be used again, so it is forgotten instead of kept in every snapshot.
    @EventSourcingHandler
    void on(SessionStarted e, @Timestamp Instant at) {
        open.values().removeIf(session -> !at.isBefore(session.expiresAt()));
        open.put(e.sessionId(), new Session(e.refreshTokenHash(), e.expiresAt(), new ArrayList<>()));
    }

    @EventSourcingHandler
    void on(SessionRefreshed e) {
        open.computeIfPresent(e.sessionId(), (id, s) -> s.rotatedTo(e.refreshTokenHash(), e.expiresAt()));
    }

    @EventSourcingHandler
    void on(SessionEnded e) {
        open.remove(e.sessionId());
    }

    // Constant time, so a response's timing says nothing about how much of a guessed hash was right.
    private static boolean sameHash(String expected, String presented) {
        return presented != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    /** One session; a record, so the fixture finds live and replayed state equal. */
    record Session(String currentHash, Instant expiresAt, List<String> spentHashes) {

        Session rotatedTo(String newHash, Instant newExpiresAt) {
            List<String> spent = new ArrayList<>(spentHashes);
            spent.add(currentHash);
            if (spent.size() > SPENT_KEPT) {
                spent.remove(0);
            }
            return new Session(newHash, newExpiresAt, spent);
        }
    }
}
