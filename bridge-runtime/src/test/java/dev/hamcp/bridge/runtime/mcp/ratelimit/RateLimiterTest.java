package dev.hamcp.bridge.runtime.mcp.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final ManualClock clock = new ManualClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RateLimiter limiter = new RateLimiter(new RateLimitProperties(100, 1_000), meters, clock);

    @Test
    void aUserMayMakeTheDefaultHundredRequestsAMinuteAndTheNextIsRefused() {
        for (int i = 0; i < 100; i++) {
            assertThat(forUser("alice").allowed()).isTrue();
        }

        var refused = forUser("alice");

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).isZero();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(600));
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void anAllowedRequestSaysHowManyRemainAndNeedsNoWait() {
        var decision = forUser("alice");

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.remaining()).isEqualTo(99);
        assertThat(decision.retryAfter()).isZero();
        assertThat(decision.retryAfterSeconds()).isZero();
    }

    @Test
    void aSpentBudgetRefillsGraduallyRatherThanOnceAMinute() {
        spend(RateLimitScope.USER, "alice", 100);

        clock.advance(Duration.ofMillis(600));
        assertThat(forUser("alice").allowed()).isTrue();
        assertThat(forUser("alice").allowed()).isFalse();

        clock.advance(Duration.ofSeconds(30));
        assertThat(spend(RateLimitScope.USER, "alice", 100)).isEqualTo(50);
    }

    @Test
    void oneUsersSpentBudgetDoesNotRefuseAnotherUser() {
        spend(RateLimitScope.USER, "alice", 100);

        assertThat(forUser("alice").allowed()).isFalse();
        assertThat(forUser("bob").allowed()).isTrue();
    }

    @Test
    void theSameKeyInAnotherScopeHasItsOwnBudget() {
        spend(RateLimitScope.USER, "same-id", 100);

        assertThat(limiter.tryAcquire(RateLimitScope.TOKEN, "same-id", 100).allowed())
                .isTrue();
        assertThat(limiter.tryAcquire(RateLimitScope.CLIENT_IP, "same-id", 100).allowed())
                .isTrue();
    }

    @Test
    void aLimitGivenPerCallAppliesToThatKey() {
        assertThat(spend(RateLimitScope.TOKEN, "token-1", 10, 50)).isEqualTo(10);

        var refused = limiter.tryAcquire(RateLimitScope.TOKEN, "token-1", 10);

        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(6));
        assertThat(refused.retryAfterSeconds()).isEqualTo(6);
    }

    @Test
    void aChangedLimitForAKnownKeyAppliesAtOnceAndKeepsTheSpentFraction() {
        spend(RateLimitScope.TOKEN, "token-1", 100, 50);

        assertThat(spend(RateLimitScope.TOKEN, "token-1", 10, 100)).isEqualTo(5);
        assertThat(spend(RateLimitScope.TOKEN, "token-1", 1000, 1000)).isEqualTo(0);
        clock.advance(Duration.ofMinutes(1));
        assertThat(spend(RateLimitScope.TOKEN, "token-1", 1000, 2000)).isEqualTo(1000);
    }

    @Test
    void refusalsAreCountedPerScopeAndNoMetricNamesTheKey() {
        spend(RateLimitScope.USER, "alice-user-id", 103);
        spend(RateLimitScope.CLIENT_IP, "203.0.113.9", 5, 6);

        assertThat(meters.get("bridge.rate.limit.refused")
                        .tag("scope", "user")
                        .counter()
                        .count())
                .isEqualTo(3);
        assertThat(meters.get("bridge.rate.limit.refused")
                        .tag("scope", "client_ip")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(meters.getMeters().stream().map(Meter::getId).map(Object::toString))
                .noneMatch(id -> id.contains("alice-user-id") || id.contains("203.0.113.9"));
    }

    @Test
    void budgetsLeftAloneForAMinuteAreForgottenSoMemoryStaysBounded() {
        for (int i = 0; i < 50; i++) {
            forUser("user-" + i);
        }
        assertThat(limiter.trackedKeys()).isEqualTo(50);

        clock.advance(Duration.ofSeconds(59));
        forUser("user-0");
        clock.advance(Duration.ofSeconds(2));

        assertThat(limiter.trackedKeys()).isEqualTo(1);
    }

    @Test
    void aForgottenBudgetComesBackFullWhichIsWhatItWouldHaveRefilledTo() {
        spend(RateLimitScope.USER, "alice", 100);

        clock.advance(RateLimiter.FULL_REFILL.plusSeconds(1));

        assertThat(spend(RateLimitScope.USER, "alice", 200)).isEqualTo(100);
    }

    @Test
    void aLimitBelowOneRequestAMinuteIsAProgrammingError() {
        assertThatThrownBy(() -> limiter.tryAcquire(RateLimitScope.TOKEN, "t", 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimitProperties(0, 10))
                .hasMessage("bridge.rate-limit.requests-per-minute must be at least 1");
    }

    /** Tries {@code attempts} requests at the default rate and returns how many were allowed. */
    private int spend(RateLimitScope scope, String key, int attempts) {
        return spend(scope, key, 100, attempts);
    }

    private int spend(RateLimitScope scope, String key, long perMinute, int attempts) {
        int allowed = 0;
        for (int i = 0; i < attempts; i++) {
            if (limiter.tryAcquire(scope, key, perMinute).allowed()) {
                allowed++;
            }
        }
        return allowed;
    }

    private static final class ManualClock implements TimeMeter {

        private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

        void advance(Duration duration) {
            nanos.addAndGet(duration.toNanos());
        }

        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    }

    /** One request of {@code userId} at the default budget of a hundred a minute. */
    private RateLimitDecision forUser(String userId) {
        return limiter.tryAcquire(RateLimitScope.USER, userId, 100);
    }
}
