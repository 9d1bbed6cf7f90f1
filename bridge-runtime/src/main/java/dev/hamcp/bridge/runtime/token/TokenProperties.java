package dev.hamcp.bridge.runtime.token;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Personal API tokens ({@code bridge.tokens.*}).
 *
 * @param maxLifetime the longest expiry a token may be given; a token without expiry is allowed
 *     only when {@code allowNoExpiry} is set
 * @param allowNoExpiry whether a token may be created without an expiry
 * @param invalidAttemptsPerMinute how many unknown, revoked or expired tokens one client address
 *     may present per minute before every token it presents is refused for a while, until an
 *     administrator sets another at run time ({@code PUT /admin/security/limits})
 * @param usageFlushInterval how often last-used times and counts are written, in one batch
 */
@ConfigurationProperties("bridge.tokens")
public record TokenProperties(
        @DefaultValue("365d") Duration maxLifetime,
        @DefaultValue("true") boolean allowNoExpiry,
        @DefaultValue("10") long invalidAttemptsPerMinute,
        @DefaultValue("10s") Duration usageFlushInterval) {

    public TokenProperties {
        if (maxLifetime.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("bridge.tokens.max-lifetime must be at least a minute");
        }
        if (invalidAttemptsPerMinute < 1) {
            throw new IllegalArgumentException("bridge.tokens.invalid-attempts-per-minute must be at least 1");
        }
        if (usageFlushInterval.isNegative() || usageFlushInterval.isZero()) {
            throw new IllegalArgumentException("bridge.tokens.usage-flush-interval must be positive");
        }
    }
}
