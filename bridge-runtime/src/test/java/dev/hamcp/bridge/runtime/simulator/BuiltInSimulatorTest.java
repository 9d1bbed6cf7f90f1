package dev.hamcp.bridge.runtime.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hamcp.bridge.runtime.support.Api;
import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The simulator mounted in the bridge: a Home Assistant base URL at /simulator/ha that checks its own token. */
class BuiltInSimulatorTest extends BridgeIntegrationTest {

    private static final String TOKEN = "test-simulator-token";

    @Autowired
    BuiltInSimulator builtIn;

    @AfterEach
    void restoreTheHouse() {
        builtIn.faults().reset();
        builtIn.simulator().resetHouse();
    }

    private WebTestClient.ResponseSpec mcp(String token, String body) {
        return http.post()
                .uri("/simulator/ha/api/mcp")
                .headers(h -> {
                    if (token != null) {
                        h.setBearerAuth(token);
                    }
                })
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
                .bodyValue(body)
                .exchange();
    }

    @Test
    void theSimulatorListsItsStatesToItsOwnToken() {
        List<Map<String, Object>> states = http.get()
                .uri("/simulator/ha/api/states")
                .headers(h -> h.setBearerAuth(TOKEN))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBodyList(Api.json())
                .returnResult()
                .getResponseBody();

        assertThat(states).extracting(state -> state.get("entity_id")).contains("light.kitchen", "lock.front_door");
        assertThat(builtIn.token()).isEqualTo(TOKEN);
        assertThat(builtIn.baseUrl(port).toString()).isEqualTo("http://127.0.0.1:" + port + "/simulator/ha");
    }

    @Test
    void aToolCallThroughTheBridgesPortTurnsTheKitchenLightOn() {
        String answer = mcp(
                        TOKEN,
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":"
                                + "{\"name\":\"HassTurnOn\",\"arguments\":{\"name\":\"Kitchen Light\"}}}")
                .expectStatus()
                .isOk()
                .expectHeader()
                .doesNotExist("Mcp-Session-Id")
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        assertThat(answer).contains("\"isError\":false").contains("\\\"id\\\":\\\"light.kitchen\\\"");
        http.get()
                .uri("/simulator/ha/api/states/light.kitchen")
                .headers(h -> h.setBearerAuth(TOKEN))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Api.json())
                .value(state -> assertThat(state).containsEntry("state", "on"));
    }

    @Test
    void withoutTheSimulatorsTokenTheSimulatorAnswers401() {
        long rejectedBefore = builtIn.simulator().rejectedAuthentications();
        String bridgeAccessToken = api.login(api.newUser()).accessToken();

        api.get("/simulator/ha/api/states", null).expectStatus().isUnauthorized();
        api.get("/simulator/ha/api/states", "not-the-token").expectStatus().isUnauthorized();
        mcp(bridgeAccessToken, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")
                .expectStatus()
                .isUnauthorized()
                .expectBody(String.class)
                .isEqualTo("401: Unauthorized");

        assertThat(builtIn.simulator().rejectedAuthentications()).isEqualTo(rejectedBefore + 3);
    }

    @Test
    void notificationsAreAcceptedWithoutABody() {
        mcp(TOKEN, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                .expectStatus()
                .isAccepted()
                .expectBody()
                .isEmpty();
    }

    @Test
    void anInjectedFailureReachesTheCallerAsIs() {
        builtIn.faults().failWith(503, dev.hamcp.simulator.Faults.Scope.MCP);

        mcp(TOKEN, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")
                .expectStatus()
                .isEqualTo(503);
        api.get("/simulator/ha/api/", TOKEN).expectStatus().isOk();
    }
}
