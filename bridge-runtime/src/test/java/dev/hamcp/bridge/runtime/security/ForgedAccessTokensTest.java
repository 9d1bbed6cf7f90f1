package dev.hamcp.bridge.runtime.security;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Even with the signing key, an access token is accepted only if the bridge could have issued it:
 * with an expiry, not issued in the future, and no longer-lived than the configured lifetime.
 */
class ForgedAccessTokensTest extends BridgeIntegrationTest {

    @Autowired
    SecretKey accessTokenSigningKey;

    @Test
    void onlyTokensShapedAsTheBridgeIssuesThemAreAccepted() {
        var user = api.newUser();
        var session = api.login(user);
        Instant now = Instant.now();

        api.get("/auth/me", forge(user.userId(), session.sessionId(), claims -> claims.issuedAt(now)
                        .expiresAt(now.plus(Duration.ofMinutes(15)))))
                .expectStatus()
                .isOk();
        api.get("/auth/me", forge(user.userId(), session.sessionId(), claims -> claims.issuedAt(now)))
                .expectStatus()
                .isUnauthorized();
        api.get("/auth/me", forge(user.userId(), session.sessionId(), claims -> claims.issuedAt(now)
                        .expiresAt(now.plus(Duration.ofDays(3650)))))
                .expectStatus()
                .isUnauthorized();
        api.get("/auth/me", forge(user.userId(), session.sessionId(), claims -> claims.issuedAt(
                                now.plus(Duration.ofHours(1)))
                        .expiresAt(now.plus(Duration.ofHours(1).plusMinutes(10)))))
                .expectStatus()
                .isUnauthorized();
        api.get(
                        "/auth/me",
                        forge(
                                user.userId(),
                                session.sessionId(),
                                claims -> claims.expiresAt(now.plus(Duration.ofMinutes(5)))))
                .expectStatus()
                .isUnauthorized();
    }

    private String forge(String userId, String sessionId, UnaryOperator<JwtClaimsSet.Builder> shape) {
        var claims = shape.apply(JwtClaimsSet.builder()
                        .issuer(AccessTokens.ISSUER)
                        .subject(userId)
                        .claim(AccessTokens.SESSION_CLAIM, sessionId)
                        .id(UUID.randomUUID().toString()))
                .build();
        var encoder = new NimbusJwtEncoder(new ImmutableSecret<>(accessTokenSigningKey));
        return encoder.encode(JwtEncoderParameters.from(
                        JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
    }
}
