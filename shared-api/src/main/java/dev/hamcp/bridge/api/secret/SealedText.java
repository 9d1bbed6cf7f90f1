package dev.hamcp.bridge.api.secret;

import java.util.Objects;

/**
 * Personal data (an email address) as events hold it: AES-256-GCM ciphertext under its owner's data
 * key, named by {@code keyId}; the binary parts are base64. Unlike {@link EncryptedSecret} it carries
 * no fingerprint: a digest of an email address would still name the person once their key is destroyed.
 */
public record SealedText(String keyId, String nonce, String ciphertext) {

    public SealedText {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(ciphertext, "ciphertext");
    }
}
