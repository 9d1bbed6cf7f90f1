package dev.hamcp.bridge.runtime.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Login, token and lockout settings ({@code bridge.auth.*}).
 *
 * @param accessTokenLifetime how long an access token is accepted; at most 24 hours
 * @param refreshTokenLifetime how long a refresh token may be used; each use issues a new one
 * @param jwtSecret base64 of at least 32 random bytes; when empty, a key is generated into the data directory
 * @param passwordHashIterations PBKDF2-HMAC-SHA256 iterations for new hashes; at least 100,000
 */
@Validated
@ConfigurationProperties("bridge.auth")
public record AuthProperties(
        @DefaultValue("15m") Duration accessTokenLifetime,
        @DefaultValue("30d") Duration refreshTokenLifetime,
        String jwtSecret,
        @DefaultValue("310000") @Min(100_000) int passwordHashIterations,
        @DefaultValue @Valid Lockout lockout) {

    /** After {@code maxFailures} wrong passwords within {@code window}, logins are refused for {@code duration}. */
    public record Lockout(
            @DefaultValue("5") @Min(1) int maxFailures,
            @DefaultValue("15m") Duration window,
            @DefaultValue("15m") Duration duration) {}

    @AssertTrue(message = "bridge.auth.access-token-lifetime must be between 1 second and 24 hours")
    boolean isAccessTokenLifetimeSensible() {
        return accessTokenLifetime.compareTo(Duration.ofSeconds(1)) >= 0 && accessTokenLifetime.compareTo(Duration.ofHours(24)) <= 0;
    }

    @Override
    public String toString() {
        return "AuthProperties[accessTokenLifetime=" + accessTokenLifetime + ", refreshTokenLifetime=" + refreshTokenLifetime
                + ", passwordHashIterations=" + passwordHashIterations + ", lockout=" + lockout + "]";
    }
}
