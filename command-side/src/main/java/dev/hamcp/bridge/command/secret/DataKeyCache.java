package dev.hamcp.bridge.command.secret;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.crypto.SecretKey;

/**
 * Unwrapped data keys of this node, the least recently used dropped beyond a bound. A forgotten
 * owner stays forgotten: a thread that read the owner's key just before it was destroyed cannot put
 * it back afterwards.
 */
final class DataKeyCache {

    /** An unwrapped data key and whose it is. */
    record DataKey(String ownerId, String keyId, SecretKey key) {}

    private final int capacity;
    private final Map<String, DataKey> byKeyId;
    private final Map<String, String> keyIdByOwner = new LinkedHashMap<>();
    private final Set<String> forgotten = new HashSet<>();

    DataKeyCache(int capacity) {
        this.capacity = capacity;
        this.byKeyId = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, DataKey> eldest) {
                if (size() <= DataKeyCache.this.capacity) {
                    return false;
                }
                keyIdByOwner.remove(eldest.getValue().ownerId());
                return true;
            }
        };
    }

    synchronized DataKey byKeyId(String keyId) {
        return byKeyId.get(keyId);
    }

    synchronized DataKey byOwner(String ownerId) {
        String keyId = keyIdByOwner.get(ownerId);
        return keyId == null ? null : byKeyId.get(keyId);
    }

    synchronized void put(DataKey key) {
        if (!forgotten.contains(key.ownerId())) {
            keyIdByOwner.put(key.ownerId(), key.keyId());
            byKeyId.put(key.keyId(), key);
        }
    }

    /** Drops the owner's key for good: their key was destroyed. */
    synchronized void forget(String ownerId) {
        forgotten.add(ownerId);
        String keyId = keyIdByOwner.remove(ownerId);
        if (keyId != null) {
            byKeyId.remove(keyId);
        }
    }

    synchronized int size() {
        return byKeyId.size();
    }
}
