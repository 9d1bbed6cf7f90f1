package dev.hamcp.bridge.runtime.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * An access token is only one the bridge could have issued: it says when it was issued and when
 * it expires, was not issued in the future, and lives no longer than
 * {@code bridge.auth.access-token-lifetime}. Someone holding the signing key still cannot mint a
 * token that outlives every revocation check of its session by years.
 */
final class AccessTokenLifetime implements OAuth2TokenValidator<Jwt> {

    /** The same allowance for clocks that differ as the expiry check's. */
    static final Duration SKEW = Duration.ofSeconds(60);

    private final Duration lifetime;
    private final Clock clock;

    AccessTokenLifetime(Duration lifetime, Clock clock) {
        this.lifetime = lifetime;
        this.clock = clock;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        Instant issuedAt = token.getIssuedAt();
        Instant expiresAt = token.getExpiresAt();
        if (issuedAt == null || expiresAt == null) {
            return refuse("The access token must say when it was issued and when it expires");
        }
        if (issuedAt.isAfter(clock.instant().plus(SKEW))) {
            return refuse("The access token was issued in the future");
        }
        if (Duration.between(issuedAt, expiresAt).compareTo(lifetime) > 0) {
            return refuse("The access token lives longer than this bridge issues them for");
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult refuse(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", description, null));
    }
}
