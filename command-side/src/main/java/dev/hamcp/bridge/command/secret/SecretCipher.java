package dev.hamcp.bridge.command.secret;

import dev.hamcp.bridge.api.secret.EncryptedSecret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets for events with AES-256-GCM under the installation's master key, and decrypts them
 * again. Each secret gets a fresh random 96-bit nonce; the key id travels with the ciphertext (and is
 * authenticated with it), so keys can later be rotated or wrapped per user without guessing which
 * key sealed what.
 */
public final class SecretCipher {

    public static final int KEY_BYTES = 32;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final String keyId;
    private final SecureRandom random = new SecureRandom();

    public SecretCipher(byte[] masterKey) {
        if (masterKey == null || masterKey.length != KEY_BYTES) {
            throw new IllegalArgumentException("The master key must be exactly " + KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(masterKey.clone(), "AES");
        this.keyId = keyIdOf(masterKey);
    }

    /** The id of the master key: derived from it, so every node sharing the key names it alike. */
    public String keyId() {
        return keyId;
    }

    /** The owner of secrets that belong to the installation rather than to one user (shared upstreams). */
    public static final String INSTALLATION = "installation";

    /** Seals {@code secret}, which belongs to {@code ownerId} (a user id, or {@link #INSTALLATION}). */
    public EncryptedSecret encrypt(String ownerId, String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] plain = secret.getBytes(StandardCharsets.UTF_8);
        try {
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, nonce).doFinal(plain);
            Base64.Encoder b64 = Base64.getEncoder();
            return new EncryptedSecret(
                    keyId, b64.encodeToString(nonce), b64.encodeToString(sealed), fingerprintOf(secret));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt with " + TRANSFORMATION, e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** The secret back; fails when it was sealed under another key or has been tampered with. */
    public String decrypt(EncryptedSecret secret) {
        if (!keyId.equals(secret.keyId())) {
            throw new IllegalStateException(
                    "A secret is sealed under key " + secret.keyId() + ", but this bridge holds key " + keyId);
        }
        Base64.Decoder b64 = Base64.getDecoder();
        try {
            byte[] plain =
                    cipher(Cipher.DECRYPT_MODE, b64.decode(secret.nonce())).doFinal(b64.decode(secret.ciphertext()));
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("A secret sealed under key " + keyId + " cannot be opened", e);
        }
    }

    /** The first 8 hex digits of the secret's SHA-256: tells two secrets apart without revealing either. */
    public static String fingerprintOf(String secret) {
        return HexFormat.of()
                .formatHex(sha256(secret.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 8);
    }

    private Cipher cipher(int mode, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(keyId.getBytes(StandardCharsets.US_ASCII));
        return cipher;
    }

    // Domain-separated, so the id says nothing about the key beyond telling keys apart.
    private static String keyIdOf(byte[] masterKey) {
        byte[] label = "ha-mcp-bridge master key id:".getBytes(StandardCharsets.US_ASCII);
        byte[] input = Arrays.copyOf(label, label.length + masterKey.length);
        System.arraycopy(masterKey, 0, input, label.length, masterKey.length);
        return "master-" + HexFormat.of().formatHex(sha256(input)).substring(0, 12);
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            // Every Java SE runtime must provide SHA-256; reaching this is a broken JDK.
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
