package dev.hamcp.bridge.runtime.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Access tokens whose signature and claims were checked already, kept until they expire.
 *
 * <p>A client sends the same access token with every request for its 15 minutes; parsing it,
 * verifying its HMAC and converting its claims each time cost more than anything else
 * authentication does. A token found here is the very string that was verified, so its signature
 * holds; its claims are validated again on every use (expiry, not-before, issuer), and whether its
 * session is still good is decided per request by the access view, as before.
 */
final class VerifiedTokens implements ReactiveJwtDecoder {

    private static final int MOST_TOKENS = 10_000;

    private final ReactiveJwtDecoder decoder;
    private final OAuth2TokenValidator<Jwt> validator;
    private final Cache<String, Jwt> verified;

    VerifiedTokens(ReactiveJwtDecoder decoder, OAuth2TokenValidator<Jwt> validator) {
        this(decoder, validator, Clock.systemUTC());
    }

    VerifiedTokens(ReactiveJwtDecoder decoder, OAuth2TokenValidator<Jwt> validator, Clock clock) {
        this.decoder = decoder;
        this.validator = validator;
        this.verified = Caffeine.newBuilder()
                .maximumSize(MOST_TOKENS)
                .expireAfter(Expiry.creating((String token, Jwt jwt) -> untilExpiry(jwt, clock)))
                .build();
    }

    @Override
    public Mono<Jwt> decode(String token) {
        var known = verified.getIfPresent(token);
        if (known != null) {
            if (!validator.validate(known).hasErrors()) {
                return Mono.just(known);
            }
            verified.invalidate(token);
        }
        // The decoder verifies and validates, and words any refusal as it always has.
        return decoder.decode(token).doOnNext(jwt -> verified.put(token, jwt));
    }

    private static Duration untilExpiry(Jwt jwt, Clock clock) {
        Instant expiresAt = jwt.getExpiresAt();
        if (expiresAt == null) {
            return Duration.ZERO;
        }
        var left = Duration.between(clock.instant(), expiresAt);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
