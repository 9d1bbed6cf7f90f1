package dev.hamcp.bridge.runtime.mcp.ratelimit;

import java.time.Duration;

/**
 * Whether one request fits in its budget.
 *
 * @param remaining requests left in the budget right after this one (0 when refused)
 * @param retryAfter how long until one request fits again; {@link Duration#ZERO} when allowed
 */
public record RateLimitDecision(boolean allowed, long remaining, Duration retryAfter) {

    static RateLimitDecision allowed(long remaining) {
        return new RateLimitDecision(true, remaining, Duration.ZERO);
    }

    static RateLimitDecision refused(Duration retryAfter) {
        return new RateLimitDecision(false, 0, retryAfter);
    }

    /**
     * {@link #retryAfter} in whole seconds, rounded up and at least 1 when refused: what an HTTP
     * {@code Retry-After} header or the JSON-RPC error's {@code data.retryAfterSeconds} carries.
     */
    public long retryAfterSeconds() {
        if (allowed) {
            return 0;
        }
        long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
