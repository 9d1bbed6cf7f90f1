package dev.hamcp.bridge.api.secret;

import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * An administrator rotates the installation's master key: every data key is wrapped again under
 * the master key {@code toMasterKeyId}. The node that handles it must hold that key as its current
 * one, so a node with an older configuration cannot wrap everything back under the old key.
 */
public record RewrapDataKeys(String toMasterKeyId) {

    public RewrapDataKeys {
        Objects.requireNonNull(toMasterKeyId, "toMasterKeyId");
    }

    @TargetAggregateIdentifier
    public String keyringId() {
        return KeyringEvent.KEYRING_ID;
    }
}
