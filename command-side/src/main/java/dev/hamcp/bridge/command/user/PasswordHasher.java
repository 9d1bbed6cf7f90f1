package dev.hamcp.bridge.command.user;

import dev.hamcp.bridge.api.user.Password;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** Turns passwords into slow, salted PBKDF2-HMAC-SHA256 hashes and checks passwords against them. */
public final class PasswordHasher {

    static final int MIN_ITERATIONS = 100_000;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int KEY_BITS = 256;

    private final int iterations;
    private final SecureRandom random = new SecureRandom();
    // A hash nobody knows the password of, so an unknown username can be made to cost a real verify.
    private final String dummyHash;

    public PasswordHasher(int iterations) {
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException(
                    "PBKDF2 needs at least " + MIN_ITERATIONS + " iterations, got " + iterations);
        }
        this.iterations = iterations;
        this.dummyHash = hash(new Password(UUID.randomUUID().toString()));
    }

    public String hash(Password password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] key = derive(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(key);
    }

    /** Uses the iteration count stored in {@code encoded}, so raising the default never locks anybody out. */
    public boolean verify(Password password, String encoded) {
        Encoded parsed = Encoded.parse(encoded);
        if (parsed == null) {
            return false;
        }
        return MessageDigest.isEqual(derive(password, parsed.salt(), parsed.iterations()), parsed.key());
    }

    /** Spends the time of a real verify, for logins whose username does not exist. */
    public void verifyDummy(Password password) {
        verify(password, dummyHash);
    }

    private static byte[] derive(Password password, byte[] salt, int iterations) {
        char[] chars = password.value().toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, KEY_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            // Every Java SE runtime must provide PBKDF2WithHmacSHA256; reaching this is a broken JDK.
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    private record Encoded(int iterations, byte[] salt, byte[] key) {

        static Encoded parse(String encoded) {
            if (encoded == null) {
                return null;
            }
            String[] parts = encoded.split("\\$", -1);
            if (parts.length != 4 || !SCHEME.equals(parts[0])) {
                return null;
            }
            try {
                int iterations = Integer.parseInt(parts[1]);
                byte[] salt = Base64.getDecoder().decode(parts[2]);
                byte[] key = Base64.getDecoder().decode(parts[3]);
                boolean plausible = iterations > 0 && salt.length > 0 && key.length == KEY_BITS / 8;
                return plausible ? new Encoded(iterations, salt, key) : null;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
