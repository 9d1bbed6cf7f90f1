package dev.hamcp.bridge.runtime.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Login, token and lockout settings ({@code bridge.auth.*}). Unsafe values stop the bridge at
 * start-up with a message naming the setting.
 *
 * @param accessTokenLifetime how long an access token is accepted; at most 24 hours
 * @param refreshTokenLifetime how long a refresh token may be used; each use issues a new one
 * @param jwtSecret base64 of at least 32 random bytes; when empty, a key is generated into the data directory
 * @param passwordHashIterations PBKDF2-HMAC-SHA256 iterations for new hashes; at least 100,000
 * @param failedSignInsPerMinute failed sign-ins one client address may make a minute, over all
 *     usernames, before its sign-ins are refused with 429 before any password is checked
 */
@ConfigurationProperties("bridge.auth")
public record AuthProperties(
        @DefaultValue("15m") Duration accessTokenLifetime,
        @DefaultValue("30d") Duration refreshTokenLifetime,
        String jwtSecret,
        @DefaultValue("310000") int passwordHashIterations,
        @DefaultValue Lockout lockout,
        @DefaultValue("10") int failedSignInsPerMinute) {

    static final Duration LONGEST_ACCESS_TOKEN = Duration.ofHours(24);
    static final int FEWEST_ITERATIONS = 100_000;

    public AuthProperties {
        if (accessTokenLifetime.compareTo(Duration.ofSeconds(1)) < 0
                || accessTokenLifetime.compareTo(LONGEST_ACCESS_TOKEN) > 0) {
            throw new IllegalArgumentException(
                    "bridge.auth.access-token-lifetime must be between 1 second and 24 hours");
        }
        if (refreshTokenLifetime.compareTo(accessTokenLifetime) < 0) {
            throw new IllegalArgumentException(
                    "bridge.auth.refresh-token-lifetime must not be shorter than the access token's");
        }
        if (failedSignInsPerMinute < 1) {
            throw new IllegalArgumentException("bridge.auth.failed-sign-ins-per-minute must be at least 1");
        }
        if (passwordHashIterations < FEWEST_ITERATIONS) {
            throw new IllegalArgumentException(
                    "bridge.auth.password-hash-iterations must be at least " + FEWEST_ITERATIONS);
        }
    }

    /** After {@code maxFailures} wrong passwords within {@code window}, logins are refused for {@code duration}. */
    public record Lockout(
            @DefaultValue("5") int maxFailures,
            @DefaultValue("15m") Duration window,
            @DefaultValue("15m") Duration duration) {}

    @Override
    public String toString() {
        return "AuthProperties[accessTokenLifetime=" + accessTokenLifetime + ", refreshTokenLifetime="
                + refreshTokenLifetime + ", passwordHashIterations=" + passwordHashIterations + ", lockout=" + lockout
                + ", failedSignInsPerMinute=" + failedSignInsPerMinute + "]";
    }
}
