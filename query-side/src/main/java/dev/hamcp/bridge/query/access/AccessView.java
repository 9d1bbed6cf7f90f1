package dev.hamcp.bridge.query.access;

import dev.hamcp.bridge.api.user.AccountLocked;
import dev.hamcp.bridge.api.user.CurrentPasswordRejected;
import dev.hamcp.bridge.api.user.LoginFailed;
import dev.hamcp.bridge.api.user.PasswordChanged;
import dev.hamcp.bridge.api.user.Role;
import dev.hamcp.bridge.api.user.SessionEnded;
import dev.hamcp.bridge.api.user.SessionRefreshed;
import dev.hamcp.bridge.api.user.SessionStarted;
import dev.hamcp.bridge.api.user.UserDeleted;
import dev.hamcp.bridge.api.user.UserDisabled;
import dev.hamcp.bridge.api.user.UserEnabled;
import dev.hamcp.bridge.api.user.UserEvent;
import dev.hamcp.bridge.api.user.UserRegistered;
import dev.hamcp.bridge.api.user.UserRoleChanged;
import dev.hamcp.bridge.query.user.PersonalData;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The in-memory picture of who may use which credential, answered without touching the database.
 *
 * <p>Two feeds keep it current: the local subscribing processor applies an event right after the
 * command that caused it commits (so the command's HTTP response already sees it), and a streaming
 * processor follows the whole event store (so changes made on other nodes arrive, and a restart
 * rebuilds the view). Both may deliver the same event; the aggregate sequence number kept per user
 * makes every event count once, in order.
 */
@Component
public class AccessView {

    /** The streaming processor that follows the store on every node, with a node-local token. */
    public static final String FOLLOWER_PROCESSOR = "access-view";
    /** The subscribing processor that applies this node's own changes as they commit. */
    public static final String LOCAL_PROCESSOR = "access-view-local";

    private final Map<String, UserAccess> users = new ConcurrentHashMap<>();
    private final Map<String, String> userIdByUsername = new ConcurrentHashMap<>();
    private final Map<String, String> userIdBySession = new ConcurrentHashMap<>();
    private final Clock clock;
    private final PersonalData personalData;

    @Autowired
    public AccessView(PersonalData personalData) {
        this(Clock.systemUTC(), personalData);
    }

    /** A view that opens no sealed personal data, for tests and benchmarks. */
    public AccessView() {
        this(Clock.systemUTC(), PersonalData.NONE);
    }

    AccessView(Clock clock, PersonalData personalData) {
        this.clock = clock;
        this.personalData = personalData;
    }

    public Optional<UserAccess> user(String userId) {
        return Optional.ofNullable(userId).map(users::get).filter(user -> !user.deleted());
    }

    public Optional<String> userIdForUsername(String username) {
        return Optional.ofNullable(userIdByUsername.get(username.toLowerCase(Locale.ROOT)));
    }

    public Optional<String> ownerOfSession(String sessionId) {
        return Optional.ofNullable(userIdBySession.get(sessionId));
    }

    /** The user behind {@code sessionId}, if that session may be used right now. */
    public Optional<UserAccess> admit(String userId, String sessionId) {
        Instant now = clock.instant();
        return user(userId).filter(user -> user.admits(sessionId, now));
    }

    public long userCount() {
        return users.values().stream().filter(user -> !user.deleted()).count();
    }

    public long enabledAdminCount() {
        return users.values().stream()
                .filter(user -> !user.deleted() && user.enabled() && user.isAdmin())
                .count();
    }

    /** Applies one event of a User aggregate, unless an event at or after {@code sequence} was applied already. */
    void apply(UserEvent event, long sequence) {
        users.compute(event.userId(), (id, current) -> {
            if (current == null ? !(event instanceof UserRegistered) : sequence <= current.sequence()) {
                return current;
            }
            return next(current, event, sequence);
        });
    }

    private UserAccess next(UserAccess current, UserEvent event, long sequence) {
        return switch (event) {
            case UserRegistered e -> {
                userIdByUsername.put(e.username().toLowerCase(Locale.ROOT), e.userId());
                yield new UserAccess(
                        e.userId(),
                        e.username(),
                        personalData.emailOf(e),
                        e.role(),
                        true,
                        e.mustChangePassword(),
                        false,
                        Map.of(),
                        sequence);
            }
            case SessionStarted e -> {
                userIdBySession.put(e.sessionId(), e.userId());
                yield withSession(current, e.sessionId(), e.expiresAt(), sequence);
            }
            case SessionRefreshed e -> withSession(current, e.sessionId(), e.expiresAt(), sequence);
            case SessionEnded e -> {
                userIdBySession.remove(e.sessionId());
                yield withSession(current, e.sessionId(), null, sequence);
            }
            case PasswordChanged e -> copy(current, current.role(), current.enabled(), false, false, sequence);
            case UserDisabled e -> copy(current, current.role(), false, current.mustChangePassword(), false, sequence);
            case UserEnabled e -> copy(current, current.role(), true, current.mustChangePassword(), false, sequence);
            case UserRoleChanged e ->
                copy(current, e.role(), current.enabled(), current.mustChangePassword(), false, sequence);
            case UserDeleted e -> {
                userIdByUsername.remove(current.username().toLowerCase(Locale.ROOT), current.userId());
                current.sessionExpiries().keySet().forEach(userIdBySession::remove);
                // A tombstone, not a removal: a late copy of an older event must not bring the user back.
                // It keeps no email address: the deletion shreds it.
                yield new UserAccess(
                        current.userId(),
                        current.username(),
                        null,
                        current.role(),
                        false,
                        false,
                        true,
                        Map.of(),
                        sequence);
            }
            case LoginFailed e ->
                copy(current, current.role(), current.enabled(), current.mustChangePassword(), false, sequence);
            case CurrentPasswordRejected e ->
                copy(current, current.role(), current.enabled(), current.mustChangePassword(), false, sequence);
            case AccountLocked e ->
                copy(current, current.role(), current.enabled(), current.mustChangePassword(), false, sequence);
        };
    }

    private UserAccess withSession(UserAccess current, String sessionId, Instant expiresAt, long sequence) {
        Instant now = clock.instant();
        var sessions = new HashMap<String, Instant>();
        current.sessionExpiries().forEach((id, expiry) -> {
            if (now.isBefore(expiry)) {
                sessions.put(id, expiry);
            } else {
                userIdBySession.remove(id);
            }
        });
        if (expiresAt == null) {
            sessions.remove(sessionId);
        } else {
            sessions.put(sessionId, expiresAt);
        }
        return new UserAccess(
                current.userId(),
                current.username(),
                current.email(),
                current.role(),
                current.enabled(),
                current.mustChangePassword(),
                current.deleted(),
                sessions,
                sequence);
    }

    private static UserAccess copy(
            UserAccess current, Role role, boolean enabled, boolean mustChange, boolean deleted, long sequence) {
        return new UserAccess(
                current.userId(),
                current.username(),
                current.email(),
                role,
                enabled,
                mustChange,
                deleted,
                current.sessionExpiries(),
                sequence);
    }
}
