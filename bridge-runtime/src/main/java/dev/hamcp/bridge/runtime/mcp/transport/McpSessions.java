package dev.hamcp.bridge.runtime.mcp.transport;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.hamcp.bridge.runtime.mcp.McpProperties;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * {@code Mcp-Session-Id}s that any bridge node sharing the signing key can verify without a shared
 * registry: the id carries who opened it, with which protocol revision and when, signed with an
 * HMAC key derived from the access-token key. An id only works for the user it was issued to.
 * Ending a session ({@code DELETE /mcp}) is remembered on the node that ended it.
 */
@Component
class McpSessions {

    record Session(String id, String userId, String protocolVersion, Instant issuedAt) {}

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;
    private final McpProperties properties;
    private final Clock clock;
    private final Cache<String, Boolean> ended;
    private final Cache<String, Boolean> opened;
    /** Ids whose signature this node checked already: an HMAC and a parse per request, saved. */
    private final Cache<String, Session> verified;

    @Autowired
    McpSessions(SecretKey accessTokenSigningKey, McpProperties properties) {
        this(accessTokenSigningKey, properties, Clock.systemUTC());
    }

    McpSessions(SecretKey accessTokenSigningKey, McpProperties properties, Clock clock) {
        this.clock = clock;
        this.key = new SecretKeySpec(
                hmac(accessTokenSigningKey.getEncoded(), "mcp-session-id".getBytes(StandardCharsets.UTF_8)),
                "HmacSHA256");
        this.properties = properties;
        this.ended = Caffeine.newBuilder()
                .expireAfterWrite(properties.sessionLifetime())
                .maximumSize(100_000)
                .build();
        this.opened = Caffeine.newBuilder()
                .expireAfterWrite(properties.sessionLifetime())
                .maximumSize(100_000)
                .build();
        this.verified = Caffeine.newBuilder()
                .expireAfterWrite(properties.sessionLifetime())
                .maximumSize(10_000)
                .build();
    }

    /** Sessions opened here and not yet ended or expired; a status figure, not a registry. */
    long openedOnThisNode() {
        opened.cleanUp();
        return opened.estimatedSize();
    }

    Session open(String userId, String protocolVersion) {
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        Instant now = clock.instant();
        String payload = String.join(
                "|", userId, protocolVersion, Long.toString(now.getEpochSecond()), ENCODER.encodeToString(nonce));
        String encoded = ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        String id = encoded + "."
                + ENCODER.encodeToString(hmac(key.getEncoded(), encoded.getBytes(StandardCharsets.US_ASCII)));
        opened.put(id, Boolean.TRUE);
        return new Session(id, userId, protocolVersion, now);
    }

    /** The session {@code id} names, if it is genuine, unexpired, not ended and belongs to {@code userId}. */
    Optional<Session> find(String id, String userId) {
        int dot = id.indexOf('.');
        if (dot <= 0 || id.length() > 512 || ended.getIfPresent(id) != null) {
            return Optional.empty();
        }
        var known = verified.getIfPresent(id);
        if (known != null) {
            return known.userId().equals(userId) && !expired(known) ? Optional.of(known) : Optional.empty();
        }
        String encoded = id.substring(0, dot);
        try {
            byte[] expected = hmac(key.getEncoded(), encoded.getBytes(StandardCharsets.US_ASCII));
            if (!MessageDigest.isEqual(expected, DECODER.decode(id.substring(dot + 1)))) {
                return Optional.empty();
            }
            String[] parts = new String(DECODER.decode(encoded), StandardCharsets.UTF_8).split("\\|");
            var session = new Session(id, parts[0], parts[1], Instant.ofEpochSecond(Long.parseLong(parts[2])));
            if (expired(session)) {
                return Optional.empty();
            }
            verified.put(id, session);
            return session.userId().equals(userId) ? Optional.of(session) : Optional.empty();
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    void end(Session session) {
        ended.put(session.id(), Boolean.TRUE);
        opened.invalidate(session.id());
        verified.invalidate(session.id());
    }

    private boolean expired(Session session) {
        return clock.instant().isAfter(session.issuedAt().plus(properties.sessionLifetime()));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
