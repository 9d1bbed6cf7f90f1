package dev.hamcp.bridge.command.user;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.hamcp.bridge.api.user.AccountLocked;
import dev.hamcp.bridge.api.user.CurrentPasswordRejected;
import dev.hamcp.bridge.api.user.LoginFailed;
import dev.hamcp.bridge.api.user.SessionStarted;
import dev.hamcp.bridge.api.user.UserEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;

/** A user's recent wrong passwords and the lock they led to: the arithmetic behind account lockout. */
@JsonAutoDetect(
        fieldVisibility = Visibility.ANY,
        getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
final class FailedLogins {

    // The policy's window is unknown when events are replayed, so memory is bounded by count instead;
    // LockoutPolicy refuses a maxFailures above it.
    static final int REMEMBERED = 100;

    private List<Instant> recent = new ArrayList<>();
    private Instant lockedUntil;

    boolean isLocked(Instant now) {
        return lockedUntil != null && now.isBefore(lockedUntil);
    }

    Instant lockedUntil() {
        return lockedUntil;
    }

    /**
     * Records one more wrong password ({@code failure}: at sign-in or at a password change) and
     * locks the account when it is one too many; the lock's end, if it locked.
     */
    Optional<Instant> recordFailure(String userId, UserEvent failure, LockoutPolicy policy, Instant now) {
        Instant windowStart = now.minus(policy.window());
        int failures = 1 + (int) recent.stream().filter(windowStart::isBefore).count();
        apply(failure);
        if (failures < policy.maxFailures()) {
            return Optional.empty();
        }
        Instant until = now.plus(policy.lockDuration());
        apply(new AccountLocked(userId, until, failures));
        return Optional.of(until);
    }

    @EventSourcingHandler
    void on(LoginFailed e, @Timestamp Instant at) {
        remember(at);
    }

    @EventSourcingHandler
    void on(CurrentPasswordRejected e, @Timestamp Instant at) {
        remember(at);
    }

    private void remember(Instant at) {
        recent.add(at);
        if (recent.size() > REMEMBERED) {
            recent.remove(0);
        }
    }

    // The failures that caused a lock are used up by it: once it expires the user starts afresh.
    @EventSourcingHandler
    void on(AccountLocked e) {
        lockedUntil = e.lockedUntil();
        recent.clear();
    }

    @EventSourcingHandler
    void on(SessionStarted e) {
        recent.clear();
        lockedUntil = null;
    }
}
