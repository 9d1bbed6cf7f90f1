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

/** The MCP Inspector's command-line mode ({@code mcp-inspector --cli}), as a person would try the bridge with it. */
class InspectorCliTest extends SimulatedHouseTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void theInspectorListsTheSimulatorsToolsWithTheirSchemas() {
        JsonNode listed = inspect("--method", "tools/list");

        assertThat(listed.at("/tools").valueStream().map(tool -> tool.get("name")
                        .asString()))
                .contains("HassTurnOn", "HassTurnOff", "HassLightSet", "GetLiveContext", "GetDateTime");
        assertThat(listed.at("/tools").valueStream())
                .allSatisfy(tool ->
                        assertThat(tool.at("/inputSchema/type").asString()).isEqualTo("object"));
    }

    @Test
    void theInspectorCallsHassTurnOnAndTheKitchenLightGoesOn() {
        JsonNode called =
                inspect("--method", "tools/call", "--tool-name", "HassTurnOn", "--tool-arg", "name=Kitchen Light");

        assertThat(called.at("/isError").asBoolean(false)).as(called.toString()).isFalse();
        assertThat(called.at("/content/0/text").asString()).contains("action_done");
        assertThat(simulator.simulator().state("light.kitchen").orElseThrow().state())
                .isEqualTo("on");
    }

    /** Runs {@code mcp-inspector --cli <bridge>/mcp --transport http ... --header "Authorization: Bearer ..."}. */
    private JsonNode inspect(String... method) {
        var arguments = new ArrayList<>(List.of("--cli", "http://127.0.0.1:" + port + "/mcp", "--transport", "http"));
        arguments.addAll(List.of(method));
        arguments.addAll(List.of("--header", "Authorization: Bearer " + token));
        var result =
                NodeProgram.run(NodePeers.node(), TIMEOUT, NodePeers.inspector(), arguments.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.describe()).isZero();
        return JSON.readTree(result.stdout());
    }
}
