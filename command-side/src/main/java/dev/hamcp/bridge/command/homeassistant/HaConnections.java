package dev.hamcp.bridge.command.homeassistant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.hamcp.bridge.api.error.BusinessError;
import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.homeassistant.AddHaConnection;
import dev.hamcp.bridge.api.homeassistant.ChangeHaConnection;
import dev.hamcp.bridge.api.homeassistant.DefaultHaConnectionChosen;
import dev.hamcp.bridge.api.homeassistant.HaConnectionAdded;
import dev.hamcp.bridge.api.homeassistant.HaConnectionChanged;
import dev.hamcp.bridge.api.homeassistant.HaConnectionDefined;
import dev.hamcp.bridge.api.homeassistant.HaConnectionIds;
import dev.hamcp.bridge.api.homeassistant.HaConnectionRemoved;
import dev.hamcp.bridge.api.homeassistant.HaConnectionTested;
import dev.hamcp.bridge.api.homeassistant.RecordHaConnectionTest;
import dev.hamcp.bridge.api.homeassistant.RemoveHaConnection;
import dev.hamcp.bridge.api.secret.EncryptedSecret;
import dev.hamcp.bridge.command.secret.SecretCipher;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One user's Home Assistant connections: unique names, at most {@link #MOST_CONNECTIONS}, and
 * exactly one default while any exist. Tokens are sealed under the user's data key before they
 * become events. The stream starts with the first connection.
 */
@Aggregate
@JsonAutoDetect(
        fieldVisibility = Visibility.ANY,
        getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class HaConnections {

    static final int MOST_CONNECTIONS = 20;

    /** What the rules need of one connection; in the order the connections were added. */
    record Connection(String name, String url, Duration timeout, EncryptedSecret token, boolean exposed) {}

    @AggregateIdentifier
    private String connectionsId;

    private String userId;
    private Map<String, Connection> connections = new LinkedHashMap<>();
    private String defaultId;

    HaConnections() {}

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(AddHaConnection cmd, SecretCipher cipher) {
        assertNamesAUser(cmd.userId());
        ConnectionRules.requireValidId(cmd.connectionId());
        ConnectionRules.requireValid(cmd.name(), cmd.url(), cmd.timeout());
        ConnectionRules.requireToken(cmd.token());
        assertNewId(cmd.connectionId());
        assertRoomForMore();
        assertNameFree(cmd.name(), cmd.connectionId());
        apply(new HaConnectionAdded(
                cmd.userId(),
                cmd.connectionId(),
                cmd.name(),
                ConnectionRules.normalized(cmd.url()),
                cmd.timeout(),
                cipher.encrypt(cmd.userId(), cmd.token().value()),
                cmd.exposed()));
        if (defaultId == null || cmd.makeDefault()) {
            apply(new DefaultHaConnectionChosen(userId, cmd.connectionId()));
        }
    }

    // Sending the same definition again records nothing, so retrying a request is harmless.
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(ChangeHaConnection cmd, SecretCipher cipher) {
        Connection current = existing(cmd.connectionId());
        ConnectionRules.requireValid(cmd.name(), cmd.url(), cmd.timeout());
        ConnectionRules.requireNonBlankIfGiven(cmd.token());
        assertNameFree(cmd.name(), cmd.connectionId());
        var next = new Connection(
                cmd.name(),
                ConnectionRules.normalized(cmd.url()),
                cmd.timeout(),
                cmd.token() == null
                        ? current.token()
                        : cipher.encrypt(userId, cmd.token().value()),
                cmd.exposed());
        if (!next.equals(current)) {
            apply(new HaConnectionChanged(
                    userId,
                    cmd.connectionId(),
                    next.name(),
                    next.url(),
                    next.timeout(),
                    next.token(),
                    cmd.token() != null,
                    next.exposed()));
        }
        if (cmd.makeDefault() && !cmd.connectionId().equals(defaultId)) {
            apply(new DefaultHaConnectionChosen(userId, cmd.connectionId()));
        }
    }

    // The default passes to the oldest connection left, so calls keep a destination.
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RemoveHaConnection cmd) {
        existing(cmd.connectionId());
        boolean wasDefault = cmd.connectionId().equals(defaultId);
        apply(new HaConnectionRemoved(userId, cmd.connectionId()));
        if (wasDefault && !connections.isEmpty()) {
            apply(new DefaultHaConnectionChosen(
                    userId, connections.keySet().iterator().next()));
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RecordHaConnectionTest cmd) {
        existing(cmd.connectionId());
        if (cmd.result() == null) {
            throw ConnectionRules.invalid("result is required.");
        }
        apply(new HaConnectionTested(userId, cmd.connectionId(), cmd.result()));
    }

    private static void assertNamesAUser(String userId) {
        if (userId == null || userId.isBlank()) {
            throw BusinessError.reject(ErrorCode.VALIDATION_FAILED, "userId is required.");
        }
    }

    private Connection existing(String connectionId) {
        Connection connection = connectionId == null ? null : connections.get(connectionId);
        if (connection == null) {
            throw BusinessError.reject(ErrorCode.HA_CONNECTION_NOT_FOUND, "No such Home Assistant connection.");
        }
        return connection;
    }

    private void assertNewId(String connectionId) {
        if (connections.containsKey(connectionId)) {
            throw BusinessError.reject(ErrorCode.CONFLICT, "A connection with this id exists already.");
        }
    }

    private void assertRoomForMore() {
        if (connections.size() >= MOST_CONNECTIONS) {
            throw BusinessError.reject(
                    ErrorCode.TOO_MANY_HA_CONNECTIONS,
                    "A user can keep at most " + MOST_CONNECTIONS + " Home Assistant connections.");
        }
    }

    private void assertNameFree(String name, String connectionId) {
        boolean taken = connections.entrySet().stream()
                .anyMatch(entry -> !entry.getKey().equals(connectionId)
                        && entry.getValue().name().equals(name));
        if (taken) {
            throw BusinessError.reject(
                    ErrorCode.HA_CONNECTION_NAME_TAKEN, "You already have a connection with this name.");
        }
    }

    /** Added or changed: the connection as it now stands (the first one also names the aggregate). */
    @EventSourcingHandler
    void on(HaConnectionDefined e) {
        connectionsId = HaConnectionIds.of(e.userId());
        userId = e.userId();
        connections.put(e.connectionId(), new Connection(e.name(), e.url(), e.timeout(), e.token(), e.exposed()));
    }

    @EventSourcingHandler
    void on(HaConnectionRemoved e) {
        connections.remove(e.connectionId());
        if (e.connectionId().equals(defaultId)) {
            defaultId = null;
        }
    }

    @EventSourcingHandler
    void on(DefaultHaConnectionChosen e) {
        defaultId = e.connectionId();
    }
}
