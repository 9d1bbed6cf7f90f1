package dev.hamcp.bridge.command.secret;

import dev.hamcp.bridge.api.user.UserDeleted;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Crypto-shredding: a deleted user's data key is destroyed, so their secrets in the event store
 * become unrecoverable while the history stays whole. Runs in a subscribing processor whose errors
 * propagate, so the key is destroyed in the very transaction that records the deletion, or the
 * deletion fails.
 */
@Component
@ProcessingGroup(DataKeyShredder.PROCESSOR)
public class DataKeyShredder {

    /** The subscribing processor; configured to propagate handler errors to the command. */
    public static final String PROCESSOR = "data-key-shredder";

    private final SecretCipher cipher;

    DataKeyShredder(SecretCipher cipher) {
        this.cipher = cipher;
    }

    @EventHandler
    void on(UserDeleted e) {
        cipher.shred(e.userId());
    }
}
