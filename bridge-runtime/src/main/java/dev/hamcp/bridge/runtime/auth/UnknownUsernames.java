package dev.hamcp.bridge.runtime.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.hamcp.bridge.command.user.LockoutPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Failed sign-ins with usernames that do not exist, counted by the lockout policy as a real
 * account's are, so that the lockout does not tell which usernames exist: the fifth failure
 * within the window answers "locked" for both. Kept in this node's memory only (bounded): a
 * username nobody has is not worth an event.
 */
@Component
class UnknownUsernames {

    private static final int MOST_TRACKED = 100_000;

    private final LockoutPolicy policy;
    private final Clock clock;
    private final Cache<String, Attempts> attempts;

    @Autowired
    UnknownUsernames(LockoutPolicy policy) {
        this(policy, Clock.systemUTC());
    }

    UnknownUsernames(LockoutPolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
        this.attempts = Caffeine.newBuilder()
                .maximumSize(MOST_TRACKED)
                .expireAfterAccess(policy.window().plus(policy.lockDuration()))
                .build();
    }

    /** Records a failed sign-in as {@code username}; when the lock holds (or now begins), its end. */
    Optional<Instant> failed(String username) {
        Instant now = clock.instant();
        var record = attempts.get(username.toLowerCase(Locale.ROOT), name -> new Attempts());
        synchronized (record) {
            if (record.lockedUntil != null && now.isBefore(record.lockedUntil)) {
                return Optional.of(record.lockedUntil);
            }
            Instant windowStart = now.minus(policy.window());
            record.failures.removeIf(at -> !windowStart.isBefore(at));
            record.failures.addLast(now);
            if (record.failures.size() < policy.maxFailures()) {
                return Optional.empty();
            }
            record.failures.clear();
            record.lockedUntil = now.plus(policy.lockDuration());
            return Optional.of(record.lockedUntil);
        }
    }

    private static final class Attempts {
        private final Deque<Instant> failures = new ArrayDeque<>();
        private Instant lockedUntil;
    }
}
