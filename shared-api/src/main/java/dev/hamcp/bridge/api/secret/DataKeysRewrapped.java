package dev.hamcp.bridge.api.secret;

import java.util.List;

/**
 * The master key was rotated: {@code count} data keys, wrapped under {@code fromMasterKeyIds}
 * before, are now wrapped under {@code toMasterKeyId}. Names keys by id only, never by content; the
 * events that hold secrets are untouched, as the data keys themselves stay the same.
 */
public record DataKeysRewrapped(List<String> fromMasterKeyIds, String toMasterKeyId, int count)
        implements KeyringEvent {

    public DataKeysRewrapped {
        fromMasterKeyIds = fromMasterKeyIds == null ? List.of() : List.copyOf(fromMasterKeyIds);
    }
}
