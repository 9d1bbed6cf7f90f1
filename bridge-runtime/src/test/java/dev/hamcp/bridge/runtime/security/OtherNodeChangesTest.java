package dev.hamcp.bridge.runtime.security;

import static org.awaitility.Awaitility.await;

import dev.hamcp.bridge.api.token.ApiTokenRevoked;
import dev.hamcp.bridge.api.user.UserDisabled;
import dev.hamcp.bridge.runtime.support.Api;
import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Changes made on another node reach this one through the event store alone: the events are
 * appended straight to the store, as another node's command would, bypassing this node's own
 * after-commit feed, and the next requests here are refused once the follower has read them
 * (it polls every {@code bridge.cluster.poll-interval}, 200 ms by default).
 */
class OtherNodeChangesTest extends BridgeIntegrationTest {

    @Autowired
    EventStorageEngine store;

    @Autowired
    TransactionManager transactions;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aTokenRevokedOnAnotherNodeIsRefusedHere() {
        var user = api.newUser();
        String jwt = api.login(user).accessToken();
        var generated = api.post("/api/tokens/generate", jwt, Map.of("name", "elsewhere"))
                .expectStatus()
                .isCreated()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();
        String tokenId = (String) generated.get("id");
        String token = (String) generated.get("token");
        api.get("/permissions/me", token).expectStatus().isOk();

        appendAsAnotherNode("ApiToken", tokenId, new ApiTokenRevoked(tokenId, user.userId(), Instant.now()));

        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> status("/permissions/me", token) == 401);
    }

    @Test
    void aUserDisabledOnAnotherNodeIsRefusedHere() {
        var user = api.newUser();
        String jwt = api.login(user).accessToken();
        api.get("/auth/me", jwt).expectStatus().isOk();

        appendAsAnotherNode("User", user.userId(), new UserDisabled(user.userId()));

        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> status("/auth/me", jwt) == 401);
    }

    private void appendAsAnotherNode(String type, String aggregateId, Object payload) {
        long next = jdbc.queryForObject(
                "SELECT max(sequence_number) + 1 FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class,
                aggregateId);
        transactions.executeInTransaction(
                () -> store.appendEvents(new GenericDomainEventMessage<>(type, aggregateId, next, payload)));
    }

    private int status(String path, String bearer) {
        return api.get(path, bearer).returnResult(String.class).getStatus().value();
    }
}
