package dev.hamcp.bridge.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    private final AtomicInteger decoded = new AtomicInteger();
    private volatile boolean stillValid = true;

    private final ReactiveJwtDecoder decoder = token -> {
        decoded.incrementAndGet();
        return stillValid ? Mono.just(jwt(token)) : Mono.error(new BadJwtException("expired"));
    };
    private final OAuth2TokenValidator<Jwt> validator = jwt -> stillValid
            ? OAuth2TokenValidatorResult.success()
            : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token"));
    private final VerifiedTokens tokens = new VerifiedTokens(decoder, validator, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aTokenIsVerifiedOnceAndThenFoundAgain() {
        var first = tokens.decode("token-a").block();
        var second = tokens.decode("token-a").block();

        assertThat(second).isSameAs(first);
        assertThat(decoded).hasValue(1);
    }

    @Test
    void anotherTokenIsVerifiedOnItsOwn() {
        tokens.decode("token-a").block();
        tokens.decode("token-b").block();

        assertThat(decoded).hasValue(2);
    }

    @Test
    void aKnownTokenThatNoLongerValidatesIsRefusedByTheDecoder() {
        tokens.decode("token-a").block();
        stillValid = false;

        StepVerifier.create(tokens.decode("token-a"))
                .expectError(BadJwtException.class)
                .verify();
        assertThat(decoded).hasValue(2);
    }

    @Test
    void aRefusedTokenIsNotRemembered() {
        stillValid = false;
        StepVerifier.create(tokens.decode("token-a"))
                .expectError(BadJwtException.class)
                .verify();
        stillValid = true;

        tokens.decode("token-a").block();

        assertThat(decoded).hasValue(2);
    }

    private static Jwt jwt(String token) {
        return Jwt.withTokenValue(token)
                .header("alg", "HS256")
                .subject("user-1")
                .issuedAt(NOW)
                .expiresAt(NOW.plusSeconds(900))
                .build();
    }
}
