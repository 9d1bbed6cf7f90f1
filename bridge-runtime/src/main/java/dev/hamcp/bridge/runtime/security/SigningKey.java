package dev.hamcp.bridge.runtime.security;

import dev.hamcp.bridge.runtime.DataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HMAC-SHA256 key that signs access tokens: from configuration (so several nodes share it), or
 * generated once into the data directory, readable by the owner only.
 */
final class SigningKey {

    private static final Logger log = LoggerFactory.getLogger(SigningKey.class);
    static final String FILE_NAME = "jwt-signing.key";
    private static final int MIN_BYTES = 32;

    private SigningKey() {}

    static SecretKey load(AuthProperties properties, DataDirectory dataDirectory) {
        if (properties.jwtSecret() != null && !properties.jwtSecret().isBlank()) {
            return key(decode(properties.jwtSecret(), "bridge.auth.jwt-secret"));
        }
        Path file = dataDirectory.root().resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                return key(
                        decode(Files.readString(file, StandardCharsets.US_ASCII).trim(), file.toString()));
            }
            byte[] fresh = new byte[MIN_BYTES];
            new SecureRandom().nextBytes(fresh);
            DataDirectory.writeOwnerOnly(file, Base64.getEncoder().encode(fresh));
            log.info("Generated a new access-token signing key in {}", file);
            return key(fresh);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the signing key " + file, e);
        }
    }

    private static byte[] decode(String base64, String source) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " is not valid base64");
        }
        if (bytes.length < MIN_BYTES) {
            throw new IllegalStateException(source + " must hold at least " + MIN_BYTES + " random bytes");
        }
        return bytes;
    }

    private static SecretKey key(byte[] bytes) {
        return new SecretKeySpec(bytes, "HmacSHA256");
    }
}
