package dev.hamcp.bridge.command.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hamcp.bridge.api.error.BusinessError;
import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.token.ApiTokenIssued;
import dev.hamcp.bridge.api.token.ApiTokenRevoked;
import dev.hamcp.bridge.api.token.ChangeApiTokenPermissions;
import dev.hamcp.bridge.api.token.IssueApiToken;
import dev.hamcp.bridge.api.token.RevokeApiToken;
import java.util.List;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An unknown token id must reach the web edge as a business error, never as Axon's not-found. */
class ApiTokenStreamTest {

    private static final String HASH = "0123456789abcdef".repeat(4);

    private final InMemoryEventStorageEngine store = new InMemoryEventStorageEngine();
    private Configuration axon;
    private CommandGateway gateway;

    @BeforeEach
    void startAxon() {
        axon = DefaultConfigurer.defaultConfiguration()
                .configureEmbeddedEventStore(c -> store)
                .configureAggregate(ApiToken.class)
                .start();
        gateway = axon.commandGateway();
    }

    @AfterEach
    void stopAxon() {
        axon.shutdown();
    }

    @Test
    void revokingOrChangingAnUnknownTokenIsRefusedWithTokenNotFound() {
        assertRefusedWith(new RevokeApiToken("t1"), ErrorCode.TOKEN_NOT_FOUND);
        assertRefusedWith(new ChangeApiTokenPermissions("t1", null), ErrorCode.TOKEN_NOT_FOUND);
        assertThat(eventsOf("t1")).isEmpty();
    }

    @Test
    void aTokenRefusedAsUnknownCanStillBeIssuedUnderThatId() {
        assertRefusedWith(new RevokeApiToken("t1"), ErrorCode.TOKEN_NOT_FOUND);

        gateway.sendAndWait(new IssueApiToken("t1", "u1", "n8n", HASH, "mcp_Ab3dE", null, null, null, null));
        gateway.sendAndWait(new RevokeApiToken("t1"));
        gateway.sendAndWait(new RevokeApiToken("t1"));

        assertThat(eventsOf("t1")).hasSize(2).hasExactlyElementsOfTypes(ApiTokenIssued.class, ApiTokenRevoked.class);
    }

    private void assertRefusedWith(Object command, ErrorCode code) {
        assertThatThrownBy(() -> gateway.sendAndWait(command))
                .isInstanceOfSatisfying(CommandExecutionException.class, refusal -> assertThat(
                                refusal.<BusinessError>getDetails().map(BusinessError::code))
                        .contains(code));
    }

    private List<Object> eventsOf(String aggregateId) {
        return store.readEvents(aggregateId)
                .asStream()
                .map(Message::getPayload)
                .map(Object.class::cast)
                .toList();
    }
}
