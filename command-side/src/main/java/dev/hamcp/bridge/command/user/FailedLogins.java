package dev.hamcp.bridge.command.user;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.hamcp.bridge.api.user.AccountLocked;
import dev.hamcp.bridge.api.user.LoginFailed;
import dev.hamcp.bridge.api.user.LoginOutcome;
import dev.hamcp.bridge.api.user.SessionStarted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    /** Records one more wrong password and locks the account when it is one too many. */
    LoginOutcome recordFailure(String userId, LockoutPolicy policy, Instant now) {
        Instant windowStart = now.minus(policy.window());
        int failures = 1 + (int) recent.stream().filter(windowStart::isBefore).count();
        apply(new LoginFailed(userId));
        if (failures < policy.maxFailures()) {
            return LoginOutcome.rejected();
        }
        Instant until = now.plus(policy.lockDuration());
        apply(new AccountLocked(userId, until, failures));
        return LoginOutcome.locked(until);
    }

    @EventSourcingHandler
    void on(LoginFailed e, @Timestamp Instant at) {
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
