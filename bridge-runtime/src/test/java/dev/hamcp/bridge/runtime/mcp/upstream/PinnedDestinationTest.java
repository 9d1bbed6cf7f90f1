package dev.hamcp.bridge.runtime.mcp.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hamcp.bridge.runtime.homeassistant.TestNamesResolverProvider;
import dev.hamcp.bridge.runtime.mcp.McpClient;
import dev.hamcp.bridge.runtime.mcp.gateway.Upstreams;
import dev.hamcp.bridge.runtime.mcp.spec.JsonRpc;
import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import dev.hamcp.simulator.HomeAssistantSimulator;
import dev.hamcp.simulator.standalone.StandaloneServer;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A user's Home Assistant saved under a host name is reached through {@code /mcp} at the one
 * address its session resolved, and a name that later resolves to the metadata service is refused
 * when the next session begins, before anything is sent (issue 5: no DNS rebinding).
 */
class PinnedDestinationTest extends BridgeIntegrationTest {

    private static final Map<String, Object> KITCHEN = Map.of("name", "Kitchen Light");
    private static final String TOKEN = "llat-pinned-house-0123456789";

    private static StandaloneServer house;

    @Autowired
    private Upstreams upstreams;

    @BeforeAll
    static void buildHouse() throws IOException {
        house = StandaloneServer.start(new HomeAssistantSimulator(TOKEN), TOKEN, 0);
    }

    @AfterAll
    static void pullItDown() {
        house.close();
    }

    @Test
    void aConnectionSavedUnderAHostNameIsReachedThroughMcpWithOneLookupForTheWholeSession() {
        String host = "run-" + UUID.randomUUID() + "." + TestNamesResolverProvider.LOOPBACK;
        var user = api.login(api.newUser()).accessToken();
        String upstream = "ha-" + connect(user, host);
        long lookupsWhenSaved = TestNamesResolverProvider.lookupsOf(host);

        var client = new McpClient(http, user).initialize();
        client.request("tools/list", Map.of()).expectStatus().isOk();
        for (int i = 0; i < 3; i++) {
            assertThat(client.call("home_HassTurnOn", KITCHEN).has("error")).isFalse();
        }

        assertThat(house.simulator().state("light.kitchen").orElseThrow().state())
                .isEqualTo("on");
        assertThat(house.simulator().mcpRequests("tools/call")).isGreaterThanOrEqualTo(3);
        assertThat(pool().openSessions(upstream)).isEqualTo(1);
        assertThat(TestNamesResolverProvider.lookupsOf(host)).isEqualTo(lookupsWhenSaved + 1);
    }

    @Test
    void aNameThatRebindsToTheMetadataServiceIsRefusedWhenTheNextSessionBeginsAndNothingIsSent() {
        String host = "run-" + UUID.randomUUID() + "." + TestNamesResolverProvider.SWITCHED;
        var user = api.login(api.newUser()).accessToken();
        String upstream = "ha-" + connect(user, host);
        var client = new McpClient(http, user).initialize();
        client.request("tools/list", Map.of()).expectStatus().isOk();
        assertThat(client.call("home_HassTurnOn", KITCHEN).has("error")).isFalse();

        TestNamesResolverProvider.pointAt(host, 169, 254, 169, 254);
        long lookupsBefore = TestNamesResolverProvider.lookupsOf(host);

        // The open session stays at the address it pinned: no call resolves the name again.
        assertThat(client.call("home_HassTurnOff", KITCHEN).has("error")).isFalse();
        assertThat(TestNamesResolverProvider.lookupsOf(host)).isEqualTo(lookupsBefore);

        // The pool ends that session (as it does an idle one); the next call needs a new one.
        pool().retireOtherRevisions(upstream, -1);
        long requestsBefore = house.simulator().requests();

        JsonNode error = client.call("home_HassTurnOn", KITCHEN).path("error");

        assertThat(error.path("code").asInt()).isEqualTo(JsonRpc.UPSTREAM_UNAVAILABLE);
        assertThat(error.path("message").asString())
                .contains(upstream, "refuses its destination", host, "never connects to")
                .doesNotContain("169.254");
        assertThat(TestNamesResolverProvider.lookupsOf(host))
                .as("resolved once for the new session, and the refusal not retried")
                .isEqualTo(lookupsBefore + 1);
        assertThat(house.simulator().requests()).isEqualTo(requestsBefore);
        assertThat(house.simulator().state("light.kitchen").orElseThrow().state())
                .isEqualTo("off");
    }

    private String connect(String user, String host) {
        return api.addConnection(
                user, Map.of("name", "home", "url", "http://" + host + ":" + house.port(), "token", TOKEN));
    }

    private SessionPool pool() {
        return ((PooledUpstreams) upstreams).pool();
    }
}
