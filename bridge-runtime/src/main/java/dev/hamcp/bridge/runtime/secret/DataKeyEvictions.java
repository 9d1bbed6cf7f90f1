package dev.hamcp.bridge.runtime.secret;

import dev.hamcp.bridge.api.user.UserDeleted;
import dev.hamcp.bridge.command.secret.SecretCipher;
import dev.hamcp.bridge.runtime.mcp.registry.RegisteredUpstreamDirectory;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Makes every node drop a deleted user's data key from memory, not only the node that destroyed
 * it. Rides on the node-local follower that already keeps decrypted upstream tokens in step with
 * the store, rather than reading the whole history once more for one event type.
 */
@Component
@ProcessingGroup(RegisteredUpstreamDirectory.FOLLOWER_PROCESSOR)
class DataKeyEvictions {

    private final SecretCipher cipher;

    DataKeyEvictions(SecretCipher cipher) {
        this.cipher = cipher;
    }

    @EventHandler
    void on(UserDeleted e) {
        cipher.forget(e.userId());
    }
}
