package dev.hamcp.bridge.command.secret;

import dev.hamcp.bridge.api.error.BusinessError;
import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.secret.EncryptedSecret;
import dev.hamcp.bridge.api.secret.SealedText;
import dev.hamcp.bridge.command.secret.DataKeyCache.DataKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;
import javax.crypto.spec.SecretKeySpec;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Envelope encryption of secrets for events: each owner (a user, or {@link #INSTALLATION}) has one
 * random AES-256 data key, stored wrapped by the installation's master key in a {@link DataKeyStore};
 * secrets are sealed with AES-256-GCM under their owner's data key, whose id travels with the
 * ciphertext. Destroying an owner's data key makes all their secrets unrecoverable while the events
 * that hold them stay whole; rotating the master key wraps the data keys again and leaves events alone.
 */
public final class SecretCipher {

    /** The owner of secrets that belong to the installation rather than to one user (shared upstreams). */
    public static final String INSTALLATION = "installation";

    public static final int KEY_BYTES = 32;
    static final int CACHED_KEYS = 10_000;
    private static final int KEY_ID_BYTES = 12;

    /** What a rotation did: which master keys the rewrapped data keys came from, and how many there were. */
    record Rewrap(List<String> fromMasterKeyIds, String toMasterKeyId, int count) {}

    private final Supplier<MasterKeyring> masterKeys;
    private final DataKeyStore store;
    private final DataKeyCache cache = new DataKeyCache(CACHED_KEYS);

    /** {@code masterKeys} is asked on every wrap and unwrap, so a rotated keyring takes effect at once. */
    public SecretCipher(Supplier<MasterKeyring> masterKeys, DataKeyStore store) {
        this.masterKeys = masterKeys;
        this.store = store;
    }

    /**
     * Seals {@code secret}, which belongs to {@code ownerId} (a user id, or {@link #INSTALLATION}),
     * creating the owner's data key on first use. A deleted user's key stays destroyed: sealing for
     * them is refused.
     */
    public EncryptedSecret encrypt(String ownerId, String secret) {
        SealedText sealed = seal(ownerId, secret);
        return new EncryptedSecret(sealed.keyId(), sealed.nonce(), sealed.ciphertext(), fingerprintOf(secret));
    }

    /**
     * The secret back. Throws {@link SecretUnavailableException} when its data key was destroyed, is
     * unknown here or cannot be unwrapped, or when the secret was tampered with.
     */
    public String decrypt(EncryptedSecret secret) {
        return open(new SealedText(secret.keyId(), secret.nonce(), secret.ciphertext()));
    }

    /**
     * Seals a piece of personal data that belongs to {@code ownerId} (an email address) like a secret,
     * but with no fingerprint: deleting the owner shreds it as it shreds their secrets.
     */
    public SealedText seal(String ownerId, String text) {
        if (ownerId == null || ownerId.isBlank()) {
            throw new IllegalArgumentException("A secret needs an owner");
        }
        DataKey key = dataKeyOf(ownerId);
        byte[] plain = text.getBytes(StandardCharsets.UTF_8);
        try {
            var sealed = AesGcm.seal(key.key(), plain, aad(key.keyId()));
            Base64.Encoder b64 = Base64.getEncoder();
            return new SealedText(
                    key.keyId(), b64.encodeToString(sealed.nonce()), b64.encodeToString(sealed.ciphertext()));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** The text back; throws {@link SecretUnavailableException} as {@link #decrypt} does. */
    public String open(SealedText sealed) {
        DataKey key = dataKeyById(sealed.keyId());
        Base64.Decoder b64 = Base64.getDecoder();
        try {
            byte[] plain = AesGcm.open(
                    key.key(), b64.decode(sealed.nonce()), b64.decode(sealed.ciphertext()), aad(key.keyId()));
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SecretUnavailableException(
                    "A secret sealed under data key " + key.keyId() + " does not open: it was altered.");
        }
    }

    /** The first 8 hex digits of the secret's SHA-256: tells two secrets apart without revealing either. */
    public static String fingerprintOf(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            // Every Java SE runtime must provide SHA-256; reaching this is a broken JDK.
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * Drops the owner's data key from this node's memory for good, because it was destroyed (here or
     * on another node). Their secrets then fail to open on the next attempt.
     */
    public void forget(String ownerId) {
        cache.forget(ownerId);
    }

    /** Destroys the owner's data key in the store (in the caller's transaction) and in memory. */
    void shred(String ownerId) {
        store.destroy(ownerId);
        forget(ownerId);
        // Again once committed: a concurrent reader may have cached the key between the two.
        afterCommit(() -> forget(ownerId));
    }

    /**
     * Wraps every data key not under the current master key again under it, in the caller's
     * transaction. Refused unless the current master key is {@code toMasterKeyId}.
     */
    Rewrap rewrapAll(String toMasterKeyId) {
        MasterKeyring ring = masterKeys.get();
        if (!ring.currentKeyId().equals(toMasterKeyId)) {
            throw BusinessError.reject(
                    ErrorCode.CONFLICT,
                    "This node's current master key is " + ring.currentKeyId() + ", not " + toMasterKeyId
                            + "; give every node the same configuration before rotating.");
        }
        var from = new TreeSet<String>();
        int count = 0;
        for (WrappedDataKey current : store.keysNotWrappedUnder(toMasterKeyId)) {
            byte[] plain = unwrapForRotation(ring, current);
            try {
                if (store.rewrap(current, ring.wrap(current.ownerId(), current.keyId(), plain))) {
                    from.add(current.masterKeyId());
                    count++;
                }
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        }
        return new Rewrap(new ArrayList<>(from), toMasterKeyId, count);
    }

    private static byte[] unwrapForRotation(MasterKeyring ring, WrappedDataKey key) {
        try {
            return ring.unwrap(key);
        } catch (SecretUnavailableException e) {
            throw BusinessError.reject(ErrorCode.CONFLICT, e.getMessage());
        }
    }

    private DataKey dataKeyOf(String ownerId) {
        DataKey cached = cache.byOwner(ownerId);
        if (cached != null) {
            return cached;
        }
        WrappedDataKey stored = store.findByOwner(ownerId).orElseGet(() -> store.createIfAbsent(newDataKey(ownerId)));
        if (stored.isDestroyed()) {
            throw BusinessError.reject(
                    ErrorCode.USER_NOT_FOUND, "The owner of this secret was deleted; nothing can be sealed for them.");
        }
        return remember(stored);
    }

    private DataKey dataKeyById(String keyId) {
        DataKey cached = cache.byKeyId(keyId);
        if (cached != null) {
            return cached;
        }
        WrappedDataKey stored = store.findById(keyId)
                .orElseThrow(() -> new SecretUnavailableException("No data key " + keyId
                        + " exists in this installation; the secret was sealed by another one, or before data keys."));
        return remember(stored);
    }

    private WrappedDataKey newDataKey(String ownerId) {
        byte[] key = AesGcm.random(KEY_BYTES);
        try {
            String keyId = "dk-" + HexFormat.of().formatHex(AesGcm.random(KEY_ID_BYTES));
            return masterKeys.get().wrap(ownerId, keyId, key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * Unwraps {@code stored} and caches it once the current transaction commits: a key read or created
     * in a transaction that rolls back must not outlive it here, or secrets would be sealed under a key
     * that no store holds.
     */
    private DataKey remember(WrappedDataKey stored) {
        byte[] plain = masterKeys.get().unwrap(stored);
        DataKey key;
        try {
            key = new DataKey(stored.ownerId(), stored.keyId(), new SecretKeySpec(plain, "AES"));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
        afterCommit(() -> cache.put(key));
        return key;
    }

    private static void afterCommit(Runnable action) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().root().afterCommit(unitOfWork -> action.run());
        } else {
            action.run();
        }
    }

    // The data key's id is authenticated with the secret, so a secret cannot be passed off as another key's.
    private static byte[] aad(String keyId) {
        return keyId.getBytes(StandardCharsets.UTF_8);
    }
}
