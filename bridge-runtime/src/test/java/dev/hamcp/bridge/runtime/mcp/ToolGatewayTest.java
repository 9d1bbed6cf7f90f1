package dev.hamcp.bridge.runtime.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hamcp.bridge.runtime.simulator.BuiltInSimulator;
import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import tools.jackson.databind.JsonNode;

/** The call path behind every transport: rate limit, cache, request log, breaker and timeouts. */
class ToolGatewayTest extends BridgeIntegrationTest {

    private static final Map<String, Object> KITCHEN = Map.of("name", "Kitchen Light");

    @Autowired
    BuiltInSimulator simulator;

    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void resetHouse() {
        simulator.faults().reset();
        simulator.simulator().resetHouse();
    }

    private McpClient client() {
        return new McpClient(http, api.login(api.newUser()).accessToken()).initialize();
    }

    @Test
    void aReadOnlyResultIsServedFromCacheButAStateChangingCallAlwaysReachesTheHouse() {
        var client = client();
        long before = simulator.simulator().mcpRequests("tools/call");

        client.call("GetDateTime", Map.of());
        client.call("GetDateTime", Map.of());
        assertThat(simulator.simulator().mcpRequests("tools/call")).isEqualTo(before + 1);

        client.call("HassTurnOn", KITCHEN);
        client.call("HassTurnOn", KITCHEN);
        assertThat(simulator.simulator().mcpRequests("tools/call")).isEqualTo(before + 3);
    }

    @Test
    void aUserOverTheirBudgetGets429WithRetryAfterAsAJsonRpcError() {
        var client = client();
        // The budget refills continuously (100 a minute: one every 600 ms), so spend it until refused.
        // The refusal itself is examined: asking again later could already find a refilled budget.
        FluxExchangeResult<String> refused = null;
        for (int i = 0; i < 150 && refused == null; i++) {
            var response = client.request("tools/list", Map.of()).returnResult(String.class);
            if (response.getStatus().value() == 429) {
                refused = response;
            }
        }

        assertThat(refused).as("a refusal within 150 calls").isNotNull();
        assertThat(refused.getResponseHeaders().getFirst("Retry-After")).isNotBlank();
        JsonNode error = McpClient.JSON.readTree(refused.getResponseBodyContent());
        assertThat(error.at("/error/code").asInt()).isEqualTo(-32003);
        assertThat(error.at("/error/data/retryAfterSeconds").asInt()).isPositive();
        client().request("tools/list", Map.of()).expectStatus().isOk();
    }

    @Test
    void everyCallIsRecordedInTheRequestLogWithoutItsArguments() {
        var user = api.newUser();
        var client = new McpClient(http, api.login(user).accessToken()).initialize();

        client.call("HassTurnOn", KITCHEN);
        client.call("NoSuchTool", Map.of());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.queryForList(
                        "SELECT tool, upstream, outcome, error_code, request_bytes FROM request_log WHERE user_id = ? ORDER BY id",
                        user.userId()))
                .satisfiesExactly(
                        ok -> assertThat(ok)
                                .containsEntry("tool", "HassTurnOn")
                                .containsEntry("upstream", "simulator")
                                .containsEntry("outcome", "OK"),
                        invalid -> assertThat(invalid)
                                .containsEntry("tool", "NoSuchTool")
                                .containsEntry("outcome", "INVALID")
                                .containsEntry("error_code", -32602)));
        assertThat(jdbc.queryForList("SELECT * FROM request_log").toString()).doesNotContain("Kitchen Light");
    }

    @Test
    void aFailingHouseOpensTheBreakerCallsFailFastAndTheBreakerClosesOnceItRecovers() {
        var client = client();
        client.call("HassTurnOn", KITCHEN);
        simulator.faults().failWith(503);

        for (int i = 0; i < 4; i++) {
            assertThat(client.call("HassTurnOn", KITCHEN).has("error")).isTrue();
        }
        long reached = simulator.simulator().mcpRequests("tools/call");
        JsonNode fast = client.call("HassTurnOn", KITCHEN);
        assertThat(fast.at("/error/code").asInt()).isEqualTo(-32005);
        assertThat(fast.at("/error/message").asString()).contains("simulator").doesNotContain("test-simulator-token");
        assertThat(simulator.simulator().mcpRequests("tools/call"))
                .as("calls that reached the house while open")
                .isEqualTo(reached);
        assertThat(breakerState()).isEqualTo("OPEN");

        simulator.faults().reset();
        // Open for 2 s in tests, then trial calls: it closes once they succeed.
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> !client.call("HassTurnOn", KITCHEN).has("error")
                        && breakerState().equals("CLOSED"));
    }

    @Test
    void aSlowHouseTimesOutInsteadOfHanging() {
        var client = client();
        client.call("HassTurnOff", KITCHEN);
        simulator.faults().latency(Duration.ofSeconds(20));

        JsonNode answer = client.call("HassTurnOn", KITCHEN);

        assertThat(answer.at("/error/code").asInt()).isEqualTo(-32006);
        simulator.faults().reset();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !client.call("HassTurnOn", KITCHEN).has("error"));
    }

    private String breakerState() {
        return McpClient.json(http.get()
                        .uri("/mcp/status")
                        .headers(h -> h.setBearerAuth(api.login(api.newUser()).accessToken()))
                        .exchange())
                .at("/upstreams/0/breakerState")
                .asString();
    }
}
