package dev.hamcp.bridge.command.permission;

import static dev.hamcp.bridge.api.permission.ToolLevel.EXECUTE;
import static dev.hamcp.bridge.api.permission.ToolLevel.READ;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hamcp.bridge.api.permission.ChangeDefaultPolicy;
import dev.hamcp.bridge.api.permission.ClearToolLevelOverride;
import dev.hamcp.bridge.api.permission.DefaultPolicyChanged;
import dev.hamcp.bridge.api.permission.Grant;
import dev.hamcp.bridge.api.permission.InstallationPolicy;
import dev.hamcp.bridge.api.permission.OverrideToolLevel;
import dev.hamcp.bridge.api.permission.PermissionGranted;
import dev.hamcp.bridge.api.permission.PermissionPolicyIds;
import dev.hamcp.bridge.api.permission.PermissionRevoked;
import dev.hamcp.bridge.api.permission.RevokePermission;
import dev.hamcp.bridge.api.permission.SetPermission;
import dev.hamcp.bridge.api.permission.SetPermissionsInBulk;
import dev.hamcp.bridge.api.permission.ToolLevelOverridden;
import dev.hamcp.bridge.api.permission.ToolLevelOverrideCleared;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The permission commands name their aggregate through a {@code policyId()} method rather than a
 * field; on a real Axon configuration each must land on the stream that method names.
 */
class PermissionStreamsTest {

    private static final Grant HASS_READ = new Grant("Hass*", Set.of(READ), true);

    private final InMemoryEventStorageEngine store = new InMemoryEventStorageEngine();
    private Configuration axon;
    private CommandGateway gateway;

    @BeforeEach
    void startAxon() {
        axon = DefaultConfigurer.defaultConfiguration()
                .configureEmbeddedEventStore(c -> store)
                .configureAggregate(PermissionPolicy.class)
                .configureAggregate(InstallationPermissions.class)
                .start();
        gateway = axon.commandGateway();
    }

    @AfterEach
    void stopAxon() {
        axon.shutdown();
    }

    @Test
    void eachUsersGrantsLandOnThatUsersOwnPolicy() {
        gateway.sendAndWait(new SetPermission("u1", HASS_READ));
        gateway.sendAndWait(new SetPermission("u2", HASS_READ));
        gateway.sendAndWait(new RevokePermission("u1", "Hass*"));

        assertThat(eventsOf(PermissionPolicyIds.of("u1")))
                .containsExactly(new PermissionGranted("u1", HASS_READ), new PermissionRevoked("u1", "Hass*"));
        assertThat(eventsOf(PermissionPolicyIds.of("u2"))).containsExactly(new PermissionGranted("u2", HASS_READ));
    }

    @Test
    void theInstallationsSettingsShareOneStream() {
        gateway.sendAndWait(new ChangeDefaultPolicy(List.of(HASS_READ)));
        gateway.sendAndWait(new OverrideToolLevel("HassBroadcast", EXECUTE));
        gateway.sendAndWait(new ClearToolLevelOverride("HassBroadcast"));

        assertThat(eventsOf(InstallationPolicy.ID))
                .containsExactly(
                        new DefaultPolicyChanged(List.of(HASS_READ), InstallationPolicy.OUT_OF_THE_BOX_DEFAULTS),
                        new ToolLevelOverridden("HassBroadcast", EXECUTE),
                        new ToolLevelOverrideCleared("HassBroadcast"));
    }

    @Test
    void aCommandThatChangesNothingOnAStreamNotYetStartedStoresNothing() {
        gateway.sendAndWait(new SetPermissionsInBulk("u1", List.of(), true));
        gateway.sendAndWait(new ChangeDefaultPolicy(InstallationPolicy.OUT_OF_THE_BOX_DEFAULTS));
        gateway.sendAndWait(new SetPermission("u1", HASS_READ));

        assertThat(eventsOf(InstallationPolicy.ID)).isEmpty();
        assertThat(eventsOf(PermissionPolicyIds.of("u1"))).containsExactly(new PermissionGranted("u1", HASS_READ));
    }

    private List<Object> eventsOf(String aggregateId) {
        return store.readEvents(aggregateId)
                .asStream()
                .map(Message::getPayload)
                .map(Object.class::cast)
                .toList();
    }
}
