package dev.hamcp.bridge.runtime.mcp.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Request budgets of the MCP gateway ({@code bridge.rate-limit.*}).
 *
 * @param requestsPerMinute each user's default budget, refilled continuously (greedy refill), until an
 *     administrator sets another at run time ({@code PUT /admin/security/limits})
 * @param maxTrackedKeys how many budgets are kept in memory at most; beyond it the least recently
 *     used are forgotten, which only ever gives a forgotten key a fresh budget
 */
@ConfigurationProperties("bridge.rate-limit")
public record RateLimitProperties(
        @DefaultValue("100") long requestsPerMinute,
        @DefaultValue("100000") long maxTrackedKeys) {

    public RateLimitProperties {
        if (requestsPerMinute < 1) {
            throw new IllegalArgumentException("bridge.rate-limit.requests-per-minute must be at least 1");
        }
        if (maxTrackedKeys < 1) {
            throw new IllegalArgumentException("bridge.rate-limit.max-tracked-keys must be at least 1");
        }
    }
}
