package dev.hamcp.bridge.command.secret;

import java.util.List;
import java.util.Optional;

/**
 * Where the owners' wrapped data keys live: outside the event store, so that destroying one really
 * destroys it. Implementations join the caller's transaction, so a key destroyed by a command's
 * handler is destroyed exactly when the command commits.
 */
public interface DataKeyStore {

    /** The owner's key, destroyed or not; empty when the owner never had one. */
    Optional<WrappedDataKey> findByOwner(String ownerId);

    /** The key named {@code keyId}, destroyed or not. */
    Optional<WrappedDataKey> findById(String keyId);

    /**
     * Stores {@code candidate} unless its owner has a key (or a destroyed one) already, and answers
     * what is stored now: safe when several nodes create the first key of one owner at once.
     */
    WrappedDataKey createIfAbsent(WrappedDataKey candidate);

    /** Destroys the owner's key, leaving a tombstone; also for an owner who never had one. Idempotent. */
    void destroy(String ownerId);

    /** The keys not destroyed whose master key is not {@code masterKeyId}. */
    List<WrappedDataKey> keysNotWrappedUnder(String masterKeyId);

    /** Replaces {@code current} by {@code rewrapped} unless it changed meanwhile; whether it did. */
    boolean rewrap(WrappedDataKey current, WrappedDataKey rewrapped);
}
