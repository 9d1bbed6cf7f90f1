package dev.hamcp.bridge.runtime.mcp.peers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import dev.hamcp.bridge.runtime.support.EverythingServer;
import dev.hamcp.bridge.runtime.support.NodePeers;
import dev.hamcp.bridge.runtime.support.NodeProgram;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real third-party MCP server ({@code @modelcontextprotocol/server-everything}, Streamable HTTP on
 * loopback) configured as {@code bridge.upstreams[0]} beside the built-in simulator, reached by a
 * bridge user through {@code /mcp} with the official TypeScript SDK client.
 *
 * <p>The extra upstream changes every user's tool names (two upstreams: each tool gets its
 * upstream's prefix), so this class runs in a Spring context of its own, the only one besides the
 * shared one; it is closed after the class, and the server stopped.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ThirdPartyUpstreamTest extends BridgeIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static EverythingServer everything;

    @DynamicPropertySource
    static void everythingUpstream(DynamicPropertyRegistry registry) {
        if (everything == null) {
            everything = EverythingServer.streamableHttp();
        }
        registry.add("bridge.upstreams[0].name", () -> "everything");
        registry.add("bridge.upstreams[0].url", everything::url);
    }

    @AfterAll
    static void stopServer() {
        if (everything != null) {
            everything.close();
        }
    }

    @Test
    void aUserSeesBothUpstreamsPrefixedAndGetsServerEverythingsEchoThroughTheBridge() {
        String token = api.login(api.newUser()).accessToken();

        var result = NodeProgram.run(
                NodePeers.node(),
                Duration.ofSeconds(30),
                NodePeers.typeScriptClient(),
                "streamable",
                "http://127.0.0.1:" + port + "/mcp",
                token,
                "everything_echo",
                "{\"message\":\"hello through the bridge\"}");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        JsonNode report = JSON.readTree(result.stdout());
        assertThat(report.has("error")).as(report.toString()).isFalse();
        assertThat(report.at("/tools").valueStream().map(JsonNode::asString))
                .contains("simulator_HassTurnOn", "simulator_GetLiveContext", "everything_echo", "everything_get-sum")
                .doesNotContain("HassTurnOn", "echo");
        assertThat(report.has("callError")).as(report.toString()).isFalse();
        assertThat(report.at("/result/isError").asBoolean(false)).isFalse();
        assertThat(report.at("/result/content/0/text").asString()).isEqualTo("Echo: hello through the bridge");
    }
}
