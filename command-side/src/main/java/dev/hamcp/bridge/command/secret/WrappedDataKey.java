package dev.hamcp.bridge.command.secret;

import java.util.Objects;

/**
 * One owner's data key as the store holds it: sealed with AES-256-GCM under the master key named
 * {@code masterKeyId}, bound to its owner and id. A destroyed key keeps its owner and id (so the
 * owner gets no new key for old secrets and a secret's error can say what happened) and loses the
 * rest: {@code masterKeyId}, {@code nonce} and {@code sealedKey} are null.
 */
public record WrappedDataKey(String ownerId, String keyId, String masterKeyId, byte[] nonce, byte[] sealedKey) {

    public WrappedDataKey {
        Objects.requireNonNull(ownerId, "ownerId");
    }

    /** The tombstone of {@code ownerId}'s key: nothing to unwrap, ever again. */
    public static WrappedDataKey destroyed(String ownerId, String keyId) {
        return new WrappedDataKey(ownerId, keyId, null, null, null);
    }

    public boolean isDestroyed() {
        return sealedKey == null;
    }

    // Records print their components; a sealed key is no secret, but logs have no use for it either.
    @Override
    public String toString() {
        return "WrappedDataKey[ownerId=" + ownerId + ", keyId=" + keyId + ", masterKeyId=" + masterKeyId
                + (isDestroyed() ? ", destroyed]" : "]");
    }
}
