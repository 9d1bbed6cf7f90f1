package dev.hamcp.bridge.command.secret;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The data key store of command-side tests: a map, with the JDBC store's semantics. */
public final class InMemoryDataKeyStore implements DataKeyStore {

    private final Map<String, WrappedDataKey> byOwner = new ConcurrentHashMap<>();

    @Override
    public Optional<WrappedDataKey> findByOwner(String ownerId) {
        return Optional.ofNullable(byOwner.get(ownerId));
    }

    @Override
    public Optional<WrappedDataKey> findById(String keyId) {
        return byOwner.values().stream()
                .filter(key -> keyId.equals(key.keyId()))
                .findFirst();
    }

    @Override
    public WrappedDataKey createIfAbsent(WrappedDataKey candidate) {
        return byOwner.computeIfAbsent(candidate.ownerId(), owner -> candidate);
    }

    @Override
    public void destroy(String ownerId) {
        byOwner.compute(
                ownerId, (owner, current) -> WrappedDataKey.destroyed(owner, current == null ? null : current.keyId()));
    }

    @Override
    public List<WrappedDataKey> keysNotWrappedUnder(String masterKeyId) {
        return byOwner.values().stream()
                .filter(key -> !key.isDestroyed() && !masterKeyId.equals(key.masterKeyId()))
                .toList();
    }

    @Override
    public boolean rewrap(WrappedDataKey current, WrappedDataKey rewrapped) {
        return byOwner.replace(current.ownerId(), current, rewrapped);
    }

    /** Gives the owner's stored key to {@code newOwner}, as someone with database access could. */
    public void move(String ownerId, String newOwner) {
        WrappedDataKey key = Objects.requireNonNull(byOwner.remove(ownerId));
        byOwner.put(
                newOwner, new WrappedDataKey(newOwner, key.keyId(), key.masterKeyId(), key.nonce(), key.sealedKey()));
    }
}
