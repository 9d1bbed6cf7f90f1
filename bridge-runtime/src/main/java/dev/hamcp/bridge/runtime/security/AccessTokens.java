package dev.hamcp.bridge.runtime.security;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

/**
 * Issues short-lived access tokens for a login session. The token names the user and the session
 * only; whether it is still good is decided per request by the access view.
 */
@Component
public class AccessTokens {

    static final String ISSUER = "ha-mcp-bridge";
    static final String SESSION_CLAIM = "sid";

    private final JwtEncoder encoder;
    private final AuthProperties properties;
    private final Clock clock;

    AccessTokens(JwtEncoder encoder, AuthProperties properties) {
        this.encoder = encoder;
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    public record Issued(String value, Instant expiresAt) {

        @Override
        public String toString() {
            return "Issued[expiresAt=" + expiresAt + "]";
        }
    }

    public Issued issue(String userId, String sessionId) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(properties.accessTokenLifetime());
        var claims = JwtClaimsSet.builder()
                .issuer(ISSUER)
                .subject(userId)
                .claim(SESSION_CLAIM, sessionId)
                .id(UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(expiresAt)
                .build();
        var header = JwsHeader.with(MacAlgorithm.HS256).build();
        return new Issued(
                encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue(), expiresAt);
    }
}
