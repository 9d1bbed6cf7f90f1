package dev.hamcp.bridge.runtime.mcp.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Per-key request budgets of the gateway, answered from memory: one token bucket per (scope, key),
 * holding {@code requestsPerMinute} requests and refilling them continuously over a minute.
 */
@Component
public class RateLimiter {

    /**
     * A bucket left alone this long has refilled completely, so forgetting it loses nothing: this is
     * what bounds memory to the keys active in the last minute.
     */
    static final Duration FULL_REFILL = Duration.ofMinutes(1);

    private final TimeMeter clock;
    private final Cache<Key, Budget> budgets;
    private final Map<RateLimitScope, Counter> refusals = new EnumMap<>(RateLimitScope.class);

    @Autowired
    public RateLimiter(RateLimitProperties properties, MeterRegistry meters) {
        this(properties, meters, TimeMeter.SYSTEM_NANOTIME);
    }

    RateLimiter(RateLimitProperties properties, MeterRegistry meters, TimeMeter clock) {
        this.clock = clock;
        this.budgets = Caffeine.newBuilder()
                .expireAfterAccess(FULL_REFILL)
                .maximumSize(properties.maxTrackedKeys())
                .ticker(clock::currentTimeNanos)
                .build();
        for (RateLimitScope scope : RateLimitScope.values()) {
            refusals.put(
                    scope,
                    Counter.builder("bridge.rate.limit.refused")
                            .description("Requests refused because their budget was spent")
                            .tag("scope", scope.name().toLowerCase())
                            .register(meters));
        }
    }

    /**
     * Takes one request from the budget of {@code key} in {@code scope}, which holds
     * {@code requestsPerMinute} (at least 1). A changed rate for a known key applies at once and
     * keeps the fraction of the budget already spent.
     */
    public RateLimitDecision tryAcquire(RateLimitScope scope, String key, long requestsPerMinute) {
        if (requestsPerMinute < 1) {
            throw new IllegalArgumentException("requestsPerMinute must be at least 1, was " + requestsPerMinute);
        }
        Budget budget = budgetFor(new Key(scope, key), requestsPerMinute);
        var probe = budget.bucket().tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return RateLimitDecision.allowed(probe.getRemainingTokens());
        }
        refusals.get(scope).increment();
        return RateLimitDecision.refused(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /**
     * Whether the budget of {@code key} in {@code scope} is spent, without taking from it: for
     * budgets that only failures spend, checked before each attempt. A refusal counts like one of
     * {@link #tryAcquire}.
     */
    public RateLimitDecision peek(RateLimitScope scope, String key, long requestsPerMinute) {
        Budget budget = budgets.getIfPresent(new Key(scope, key));
        if (budget == null) {
            return RateLimitDecision.allowed(requestsPerMinute);
        }
        var probe = budget.bucket().estimateAbilityToConsume(1);
        if (probe.canBeConsumed()) {
            return RateLimitDecision.allowed(probe.getRemainingTokens());
        }
        refusals.get(scope).increment();
        return RateLimitDecision.refused(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /** How many budgets are held in memory now (for tests and status pages). */
    long trackedKeys() {
        budgets.cleanUp();
        return budgets.estimatedSize();
    }

    private Budget budgetFor(Key key, long requestsPerMinute) {
        Budget budget = budgets.get(key, k -> newBudget(requestsPerMinute));
        if (budget.requestsPerMinute() == requestsPerMinute) {
            return budget;
        }
        return budgets.asMap().compute(key, (k, old) -> {
            if (old == null) {
                return newBudget(requestsPerMinute);
            }
            if (old.requestsPerMinute() != requestsPerMinute) {
                old.bucket()
                        .replaceConfiguration(
                                configuration(requestsPerMinute), TokensInheritanceStrategy.PROPORTIONALLY);
            }
            return new Budget(requestsPerMinute, old.bucket());
        });
    }

    private Budget newBudget(long requestsPerMinute) {
        Bucket bucket = Bucket.builder()
                .addLimit(limit -> limit.capacity(requestsPerMinute).refillGreedy(requestsPerMinute, FULL_REFILL))
                .withCustomTimePrecision(clock)
                .build();
        return new Budget(requestsPerMinute, bucket);
    }

    private static BucketConfiguration configuration(long requestsPerMinute) {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(requestsPerMinute).refillGreedy(requestsPerMinute, FULL_REFILL))
                .build();
    }

    private record Key(RateLimitScope scope, String key) {}

    private record Budget(long requestsPerMinute, Bucket bucket) {}
}
