package dev.hamcp.bridge.command.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The installation's master keys: the current one, which wraps every new data key, and retired ones
 * that only unwrap, until a rotation has wrapped their data keys again under the current key. Keys
 * are named by an id derived from them, so every node holding a key names it alike.
 */
public final class MasterKeyring {

    private static final String AAD_LABEL = "ha-mcp-bridge data key";

    private final String currentKeyId;
    private final Map<String, SecretKey> keys = new LinkedHashMap<>();

    /** {@code current} and each of {@code retired}: exactly {@link SecretCipher#KEY_BYTES} random bytes. */
    public MasterKeyring(byte[] current, List<byte[]> retired) {
        this.currentKeyId = add(current);
        retired.forEach(this::add);
    }

    /** The id of the key that wraps new and rewrapped data keys. */
    public String currentKeyId() {
        return currentKeyId;
    }

    /** The ids of the keys kept only to unwrap, oldest first as configured. */
    public List<String> retiredKeyIds() {
        var retired = new ArrayList<>(keys.keySet());
        retired.remove(currentKeyId);
        return List.copyOf(retired);
    }

    /** The id of {@code key}: domain-separated, so it says nothing about the key beyond telling keys apart. */
    public static String keyIdOf(byte[] key) {
        byte[] label = "ha-mcp-bridge master key id:".getBytes(StandardCharsets.US_ASCII);
        byte[] input = Arrays.copyOf(label, label.length + key.length);
        System.arraycopy(key, 0, input, label.length, key.length);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(input);
            return "master-" + HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            // Every Java SE runtime must provide SHA-256; reaching this is a broken JDK.
            throw new IllegalStateException("SHA-256 is not available", e);
        } finally {
            Arrays.fill(input, (byte) 0);
        }
    }

    /** Seals {@code dataKey}, named {@code keyId} and owned by {@code ownerId}, under the current master key. */
    WrappedDataKey wrap(String ownerId, String keyId, byte[] dataKey) {
        var sealed = AesGcm.seal(keys.get(currentKeyId), dataKey, aad(ownerId, keyId, currentKeyId));
        return new WrappedDataKey(ownerId, keyId, currentKeyId, sealed.nonce(), sealed.ciphertext());
    }

    /** The data key's bytes; the caller clears them when done. */
    byte[] unwrap(WrappedDataKey wrapped) {
        if (wrapped.isDestroyed()) {
            throw new SecretUnavailableException("The data key " + wrapped.keyId()
                    + " was destroyed when its owner was deleted; its secrets cannot be recovered.");
        }
        SecretKey master = keys.get(wrapped.masterKeyId());
        if (master == null) {
            throw new SecretUnavailableException("The data key " + wrapped.keyId() + " is wrapped under master key "
                    + wrapped.masterKeyId() + ", which this bridge does not hold (current: " + currentKeyId
                    + "); list it in bridge.secrets.retired-master-keys.");
        }
        try {
            return AesGcm.open(
                    master,
                    wrapped.nonce(),
                    wrapped.sealedKey(),
                    aad(wrapped.ownerId(), wrapped.keyId(), wrapped.masterKeyId()));
        } catch (GeneralSecurityException e) {
            throw new SecretUnavailableException("The data key " + wrapped.keyId() + " of owner " + wrapped.ownerId()
                    + " does not open under master key " + wrapped.masterKeyId() + ": it was altered or moved.");
        }
    }

    private String add(byte[] key) {
        if (key == null || key.length != SecretCipher.KEY_BYTES) {
            throw new IllegalArgumentException("A master key must be exactly " + SecretCipher.KEY_BYTES + " bytes");
        }
        String id = keyIdOf(key);
        keys.putIfAbsent(id, new SecretKeySpec(key.clone(), "AES"));
        return id;
    }

    // Binds the sealed key to its owner, its id and its master key: a row copied to another owner does not open.
    private static byte[] aad(String ownerId, String keyId, String masterKeyId) {
        return String.join("\u0000", AAD_LABEL, ownerId, keyId, masterKeyId).getBytes(StandardCharsets.UTF_8);
    }
}
