package dev.hamcp.bridge.runtime.homeassistant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hamcp.bridge.runtime.mcp.McpClient;
import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import dev.hamcp.simulator.HomeAssistantSimulator;
import dev.hamcp.simulator.standalone.StandaloneServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two people, two houses (two simulators in their own servers, each accepting only its own token),
 * one bridge: through {@code /mcp}, each reaches their own house with the token they stored, and
 * never the other's.
 */
class TwoHousesTest extends BridgeIntegrationTest {

    private static final Map<String, Object> KITCHEN = Map.of("name", "Kitchen Light");
    private static final String ALICE_TOKEN = "llat-alice-house-0123456789";
    private static final String BOB_TOKEN = "llat-bob-house-9876543210";

    private static StandaloneServer alicesHouse;
    private static StandaloneServer bobsHouse;

    @BeforeAll
    static void buildTwoHouses() throws IOException {
        alicesHouse = StandaloneServer.start(new HomeAssistantSimulator(ALICE_TOKEN), ALICE_TOKEN, 0);
        bobsHouse = StandaloneServer.start(new HomeAssistantSimulator(BOB_TOKEN), BOB_TOKEN, 0);
    }

    @AfterAll
    static void pullThemDown() {
        alicesHouse.close();
        bobsHouse.close();
    }

    @Test
    void eachUserReachesOnlyTheirOwnHomeAssistantWithTheTokenTheyStored() {
        var alice = api.login(api.newUser()).accessToken();
        var bob = api.login(api.newUser()).accessToken();
        connect(alice, alicesHouse, ALICE_TOKEN);
        connect(bob, bobsHouse, BOB_TOKEN);

        var alicesClient = new McpClient(http, alice).initialize();
        assertThat(toolNames(alicesClient)).contains("home_HassTurnOn", "simulator_HassTurnOn");

        assertThat(alicesClient.call("home_HassTurnOn", KITCHEN).has("error")).isFalse();
        assertThat(kitchen(alicesHouse)).isEqualTo("on");
        assertThat(kitchen(bobsHouse)).isEqualTo("off");

        var bobsClient = new McpClient(http, bob).initialize();
        bobsClient.call("home_HassTurnOn", KITCHEN);
        bobsClient.call("home_HassTurnOff", KITCHEN);
        assertThat(kitchen(bobsHouse)).isEqualTo("off");
        assertThat(kitchen(alicesHouse)).isEqualTo("on");
        assertThat(bobsHouse.simulator().mcpRequests("tools/call")).isEqualTo(2);
        assertThat(alicesHouse.simulator().mcpRequests("tools/call")).isEqualTo(1);

        // Neither house ever saw a credential other than its own token.
        assertThat(alicesHouse.simulator().rejectedAuthentications()).isZero();
        assertThat(bobsHouse.simulator().rejectedAuthentications()).isZero();
    }

    @Test
    void aDeletedConnectionIsNoLongerReachedByTheNextCall() {
        var carol = api.login(api.newUser()).accessToken();
        String id = connect(carol, alicesHouse, ALICE_TOKEN);
        var client = new McpClient(http, carol).initialize();
        assertThat(toolNames(client)).contains("home_GetLiveContext");

        api.delete("/config/homeassistant/" + id, carol).expectStatus().isNoContent();

        assertThat(toolNames(client)).doesNotContain("home_GetLiveContext").contains("HassTurnOn");
    }

    /**
     * A shared upstream registered after a user named a connection the same: both would offer
     * {@code home_HassTurnOn}. The user sees one tool of that name, and it reaches their own house.
     */
    @Test
    void aSharedUpstreamNamedLikeAConnectionLaterNeverTakesTheUsersCalls() {
        var dave = api.newUser();
        var daveToken = api.login(dave).accessToken();
        connect(daveToken, alicesHouse, ALICE_TOKEN);
        var admin = api.admin().accessToken();
        api.post(
                        "/admin/upstreams",
                        admin,
                        Map.of(
                                "name",
                                "home",
                                "transport",
                                "STREAMABLE_HTTP",
                                "url",
                                bobsHouse.baseUri() + "/api/mcp",
                                "allowedUsers",
                                List.of(dave.userId()),
                                "token",
                                BOB_TOKEN))
                .expectStatus()
                .isCreated();
        try {
            var client = new McpClient(http, daveToken).initialize();
            var names = toolNames(client);
            assertThat(names).contains("home_HassTurnOn").doesNotHaveDuplicates();

            long bobsCalls = bobsHouse.simulator().mcpRequests("tools/call");
            long alicesCalls = alicesHouse.simulator().mcpRequests("tools/call");
            assertThat(client.call("home_GetDateTime", Map.of()).has("error")).isFalse();
            assertThat(alicesHouse.simulator().mcpRequests("tools/call")).isEqualTo(alicesCalls + 1);
            assertThat(bobsHouse.simulator().mcpRequests("tools/call")).isEqualTo(bobsCalls);
        } finally {
            api.delete("/admin/upstreams/home", admin).expectStatus().isNoContent();
        }
    }

    private String connect(String user, StandaloneServer house, String token) {
        return api.addConnection(
                user, Map.of("name", "home", "url", house.baseUri().toString(), "token", token));
    }

    private static List<String> toolNames(McpClient client) {
        JsonNode tools = McpClient.json(client.request("tools/list", Map.of()))
                .path("result")
                .path("tools");
        var names = new ArrayList<String>();
        tools.forEach(tool -> names.add(tool.path("name").asString()));
        return names;
    }

    private static String kitchen(StandaloneServer house) {
        return house.simulator().state("light.kitchen").orElseThrow().state();
    }
}
