package dev.hamcp.bridge.runtime.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hamcp.bridge.api.limits.SecurityLimits;
import dev.hamcp.bridge.api.limits.SecurityLimitsChanged;
import dev.hamcp.bridge.runtime.mcp.McpClient;
import dev.hamcp.bridge.runtime.support.Api;
import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The default per-user budget and the invalid-token brake, changed at run time by an
 * administrator or by another node, hold on the very next requests; bad values change nothing.
 * Every test puts the limits back as they were.
 */
class SecurityLimitsTest extends BridgeIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventStorageEngine store;

    @Autowired
    TransactionManager transactions;

    private Api.Session admin;
    private Map<String, Object> before;

    @BeforeEach
    void remember() {
        admin = api.admin();
        before = api.read("/admin/security/limits", admin.accessToken());
    }

    @AfterEach
    void putBack() {
        api.put(
                        "/admin/security/limits",
                        api.admin().accessToken(),
                        Map.of(
                                "requestsPerMinute", before.get("requestsPerMinute"),
                                "invalidTokensPerMinute", before.get("invalidTokensPerMinute")))
                .expectStatus()
                .isOk();
    }

    @Test
    void aLoweredBudgetRefusesTheNextCallOverItWith429() {
        var changed = api.put(
                        "/admin/security/limits",
                        admin.accessToken(),
                        Map.of("requestsPerMinute", 3, "invalidTokensPerMinute", before.get("invalidTokensPerMinute")))
                .expectStatus()
                .isOk()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();
        assertThat(changed).containsEntry("requestsPerMinute", 3).containsEntry("configuredDefaults", false);

        var client = new McpClient(http, api.login(api.newUser()).accessToken()).initialize();
        for (int i = 0; i < 3; i++) {
            client.request("tools/list", Map.of()).expectStatus().isOk();
        }
        client.request("tools/list", Map.of())
                .expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .exists("Retry-After");
    }

    @Test
    void aLoweredBrakeRefusesAnAddressBeforeAnyLookupOnceItSpentIt() {
        api.put(
                        "/admin/security/limits",
                        admin.accessToken(),
                        Map.of("requestsPerMinute", before.get("requestsPerMinute"), "invalidTokensPerMinute", 2))
                .expectStatus()
                .isOk();
        var client = clientFrom(newClientAddress());

        assertThat(status(client, "mcp_unknown_one")).isEqualTo(401);
        assertThat(status(client, "mcp_unknown_two")).isEqualTo(401);
        client.get()
                .uri("/permissions/me")
                .headers(h -> h.setBearerAuth("mcp_unknown_three"))
                .exchange()
                .expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .exists("Retry-After");
    }

    @Test
    void badValuesAreRefusedAndNothingIsWritten() {
        long events = limitEvents();
        for (Object body : List.of(
                Map.of("requestsPerMinute", 0, "invalidTokensPerMinute", 10),
                Map.of("requestsPerMinute", 100, "invalidTokensPerMinute", 10_001),
                Map.of("requestsPerMinute", -5, "invalidTokensPerMinute", 10),
                Map.of("requestsPerMinute", 100),
                Map.of("requestsPerMinute", "many", "invalidTokensPerMinute", 10))) {
            assertThat(api.put("/admin/security/limits", admin.accessToken(), body)
                            .returnResult(String.class)
                            .getStatus()
                            .value())
                    .as("PUT %s", body)
                    .isEqualTo(400);
        }
        assertThat(limitEvents()).isEqualTo(events);
        assertThat(api.read("/admin/security/limits", admin.accessToken())).isEqualTo(before);
    }

    @Test
    void aChangeIsRecordedWithWhoFromWhereAndWhy() {
        http.put()
                .uri("/admin/security/limits")
                .headers(h -> {
                    h.setBearerAuth(admin.accessToken());
                    h.set("X-Audit-Reason", "a scan from outside");
                })
                .bodyValue(Map.of("requestsPerMinute", 77, "invalidTokensPerMinute", 4))
                .exchange()
                .expectStatus()
                .isOk();

        String metaData = jdbc.queryForObject(
                "SELECT convert_from(meta_data, 'UTF8') FROM domain_event_entry WHERE aggregate_identifier = ?"
                        + " ORDER BY sequence_number DESC LIMIT 1",
                String.class,
                SecurityLimits.ID);
        assertThat(metaData).contains("a scan from outside").contains("\"clientIp\":\"127.0.0.1\"");
    }

    @Test
    void aChangeMadeOnAnotherNodeHoldsHereOnceItArrivesThroughTheStore() {
        api.put(
                        "/admin/security/limits",
                        admin.accessToken(),
                        Map.of("requestsPerMinute", before.get("requestsPerMinute"), "invalidTokensPerMinute", 10))
                .expectStatus()
                .isOk();

        appendAsAnotherNode(
                new SecurityLimitsChanged(((Number) before.get("requestsPerMinute")).longValue(), 1, null, 10L));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> ((Number) api.read("/admin/security/limits", admin.accessToken())
                                        .get("invalidTokensPerMinute"))
                                .longValue()
                        == 1);
        var client = clientFrom(newClientAddress());
        assertThat(status(client, "mcp_unknown_elsewhere")).isEqualTo(401);
        assertThat(status(client, "mcp_unknown_elsewhere_again")).isEqualTo(429);
    }

    private void appendAsAnotherNode(Object payload) {
        long next = jdbc.queryForObject(
                "SELECT max(sequence_number) + 1 FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class,
                SecurityLimits.ID);
        transactions.executeInTransaction(() -> store.appendEvents(
                new GenericDomainEventMessage<>("InstallationLimits", SecurityLimits.ID, next, payload)));
    }

    private long limitEvents() {
        return jdbc.queryForObject(
                "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class,
                SecurityLimits.ID);
    }

    private static int status(WebTestClient client, String bearer) {
        return client.get()
                .uri("/permissions/me")
                .headers(h -> h.setBearerAuth(bearer))
                .exchange()
                .returnResult(String.class)
                .getStatus()
                .value();
    }
}
