package dev.hamcp.bridge.runtime.mcp.peers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hamcp.bridge.runtime.support.Api;
import dev.hamcp.bridge.runtime.support.NodePeers;
import dev.hamcp.bridge.runtime.support.NodeProgram;
import dev.hamcp.bridge.runtime.support.SimulatedHouseTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Per-user permissions and personal API tokens as a real client meets them: the official MCP
 * TypeScript SDK client, authenticated with an {@code mcp_} token.
 */
class PermissionsThroughTheSdkClientTest extends SimulatedHouseTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String KITCHEN_LIGHT = "{\"name\":\"Kitchen Light\"}";

    @Test
    void eachUserSeesTheToolsTheyAreGrantedAndADeniedCallIsRefused() {
        String admin = api.admin().accessToken();
        var lookingOnly = api.newUser();
        api.put("/permissions/user/" + lookingOnly.userId(), admin, Map.of("tool", "*", "levels", List.of("read")))
                .expectStatus()
                .isOk();
        String switcherToken = tokenOf(token);
        String lookerToken = tokenOf(api.login(lookingOnly).accessToken());

        JsonNode switcher = client(switcherToken, "HassTurnOn", KITCHEN_LIGHT);
        JsonNode looker = client(lookerToken, "HassTurnOn", KITCHEN_LIGHT);

        assertThat(names(switcher.at("/tools"))).contains("HassTurnOn", "GetLiveContext");
        assertThat(switcher.has("callError")).as(switcher.toString()).isFalse();
        assertThat(switcher.at("/result/isError").asBoolean(false)).isFalse();
        assertThat(names(looker.at("/tools"))).contains("GetLiveContext").doesNotContain("HassTurnOn", "HassTurnOff");
        assertThat(looker.at("/callError/code").asInt()).as(looker.toString()).isEqualTo(-32002);
        assertThat(looker.at("/callError/message").asString()).contains("HassTurnOn", "write");
    }

    @Test
    void afterItsRevocationTheNextCallWithTheTokenIsUnauthorized() {
        var generated = api.post("/api/tokens/generate", token, Map.of("name", "Claude Desktop"))
                .expectStatus()
                .isCreated()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();
        String mcpToken = (String) generated.get("token");
        assertThat(client(mcpToken, "GetDateTime", "{}").has("error")).isFalse();

        api.delete("/api/tokens/" + generated.get("id"), token).expectStatus().isNoContent();

        JsonNode refused = client(mcpToken, "GetDateTime", "{}");
        assertThat(refused.has("tools")).isFalse();
        assertThat(refused.at("/error/code").asInt()).as(refused.toString()).isEqualTo(401);
    }

    private String tokenOf(String accessToken) {
        return (String) api.post("/api/tokens/generate", accessToken, Map.of("name", "LM Studio"))
                .expectStatus()
                .isCreated()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody()
                .get("token");
    }

    private static List<String> names(JsonNode tools) {
        return tools.valueStream().map(JsonNode::asString).toList();
    }

    private JsonNode client(String bearer, String tool, String arguments) {
        var result = NodeProgram.run(
                NodePeers.node(),
                TIMEOUT,
                NodePeers.typeScriptClient(),
                "streamable",
                "http://127.0.0.1:" + port + "/mcp",
                bearer,
                tool,
                arguments);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        return JSON.readTree(result.stdout());
    }
}
