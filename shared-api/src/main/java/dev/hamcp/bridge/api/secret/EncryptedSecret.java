package dev.hamcp.bridge.api.secret;

import java.util.Objects;

/**
 * A secret as events and storage hold it: AES-256-GCM ciphertext under the key named by {@code keyId},
 * never the secret itself. All binary parts are base64; {@code fingerprint} is the first 8 hex digits
 * of the secret's SHA-256, enough to tell two secrets apart on screen and useless for recovering one.
 */
public record EncryptedSecret(String keyId, String nonce, String ciphertext, String fingerprint) {

    public EncryptedSecret {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(ciphertext, "ciphertext");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }
}
