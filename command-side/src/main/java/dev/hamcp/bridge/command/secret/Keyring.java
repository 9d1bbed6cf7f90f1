package dev.hamcp.bridge.command.secret;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.hamcp.bridge.api.secret.DataKeysRewrapped;
import dev.hamcp.bridge.api.secret.KeyringEvent;
import dev.hamcp.bridge.api.secret.RewrapDataKeys;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The installation's keyring, one stream for the whole bridge: records each master key rotation.
 * The data keys are rewrapped in the command's transaction, so the store and the audit log agree,
 * and two rotations at once collide on the stream's sequence numbers.
 */
@Aggregate
@JsonAutoDetect(
        fieldVisibility = Visibility.ANY,
        getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class Keyring {

    @AggregateIdentifier
    private String id;

    Keyring() {}

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    DataKeysRewrapped handle(RewrapDataKeys cmd, SecretCipher cipher) {
        var rewrap = cipher.rewrapAll(cmd.toMasterKeyId());
        var event = new DataKeysRewrapped(rewrap.fromMasterKeyIds(), rewrap.toMasterKeyId(), rewrap.count());
        apply(event);
        return event;
    }

    @EventSourcingHandler
    void on(DataKeysRewrapped e) {
        id = KeyringEvent.KEYRING_ID;
    }
}
