package dev.hamcp.bridge.runtime.mcp.peers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hamcp.bridge.runtime.support.NodePeers;
import dev.hamcp.bridge.runtime.support.NodeProgram;
import dev.hamcp.bridge.runtime.support.SimulatedHouseTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The official MCP TypeScript SDK's client ({@code @modelcontextprotocol/sdk}, what LM Studio and
 * Claude Desktop are built on) against the bridge, over Streamable HTTP and the legacy HTTP+SSE pair.
 */
class TypeScriptSdkClientTest extends SimulatedHouseTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String KITCHEN_LIGHT = "{\"name\":\"Kitchen Light\"}";

    @Test
    void theSdkClientListsTheSimulatorsToolsAndTurnsOnTheKitchenLightOverStreamableHttp() {
        JsonNode report = client("streamable", "/mcp", token, "HassTurnOn", KITCHEN_LIGHT);

        assertConnectedAndTurnedOnTheLight(report);
        assertThat(report.at("/protocolVersion").asString()).isEqualTo("2025-11-25");
        assertThat(report.at("/sessionId").asString()).isNotBlank();
    }

    @Test
    void theSdkClientListsTheSimulatorsToolsAndTurnsOnTheKitchenLightOverLegacySse() {
        JsonNode report = client("sse", "/sse", token, "HassTurnOn", KITCHEN_LIGHT);

        assertConnectedAndTurnedOnTheLight(report);
    }

    @Test
    void withoutATokenTheSdkClientIsRefusedAsUnauthorized() {
        JsonNode streamable = client("streamable", "/mcp", "-");
        JsonNode sse = client("sse", "/sse", "-");

        assertThat(streamable.has("tools")).isFalse();
        assertThat(streamable.at("/error/code").asInt())
                .as(streamable.toString())
                .isEqualTo(401);
        assertThat(sse.has("tools")).isFalse();
        assertThat(sse.at("/error/code").asInt()).as(sse.toString()).isEqualTo(401);
    }

    @Test
    void anotherUsersClientCannotResumeTheFirstUsersSession() {
        JsonNode first = client("streamable", "/mcp", token, "--keep-session");
        String session = first.at("/sessionId").asString();
        String stranger = api.login(api.newUser()).accessToken();

        JsonNode resumedByStranger = client("streamable", "/mcp", stranger, "--session=" + session);
        JsonNode resumedByOwner = client("streamable", "/mcp", token, "--session=" + session);

        assertThat(resumedByStranger.has("tools")).isFalse();
        assertThat(resumedByStranger.at("/error/code").asInt())
                .as(resumedByStranger.toString())
                .isEqualTo(404);
        assertThat(resumedByOwner.at("/tools").valueStream().map(JsonNode::asString))
                .as(resumedByOwner.toString())
                .contains("HassTurnOn");
    }

    private void assertConnectedAndTurnedOnTheLight(JsonNode report) {
        assertThat(report.has("error")).as(report.toString()).isFalse();
        assertThat(report.at("/server/name").asString()).isEqualTo("ha-mcp-bridge");
        assertThat(report.at("/tools").valueStream().map(JsonNode::asString))
                .contains("HassTurnOn", "HassTurnOff", "HassLightSet", "GetLiveContext", "GetDateTime");
        assertThat(report.has("callError")).as(report.toString()).isFalse();
        assertThat(report.at("/result/isError").asBoolean(false)).isFalse();
        assertThat(report.at("/result/content/0/text").asString()).contains("action_done");
        assertThat(simulator.simulator().state("light.kitchen").orElseThrow().state())
                .isEqualTo("on");
    }

    /** Runs {@code mcp-client.mjs} against {@code path} of this bridge and returns the one JSON line it prints. */
    private JsonNode client(String mode, String path, String bearer, String... rest) {
        var arguments = new ArrayList<>(List.of(mode, "http://127.0.0.1:" + port + path, bearer));
        arguments.addAll(List.of(rest));
        var result = NodeProgram.run(
                NodePeers.node(), TIMEOUT, NodePeers.typeScriptClient(), arguments.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.describe()).isZero();
        return JSON.readTree(result.stdout());
    }
}
