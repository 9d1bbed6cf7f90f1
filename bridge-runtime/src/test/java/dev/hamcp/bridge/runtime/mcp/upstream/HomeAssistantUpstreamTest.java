package dev.hamcp.bridge.runtime.mcp.upstream;

import static dev.hamcp.bridge.runtime.mcp.upstream.Fixtures.ALICE;
import static dev.hamcp.bridge.runtime.mcp.upstream.Fixtures.codeOf;
import static dev.hamcp.bridge.runtime.mcp.upstream.Fixtures.text;
import static dev.hamcp.bridge.runtime.mcp.upstream.Fixtures.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hamcp.bridge.runtime.mcp.gateway.RoutedTool;
import dev.hamcp.bridge.runtime.mcp.spec.GatewayError;
import dev.hamcp.bridge.runtime.mcp.spec.JsonRpc;
import dev.hamcp.bridge.runtime.mcp.upstream.FakeHomeAssistant.Behaviour;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.ProtocolVersions;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * Home Assistant's stateless {@code /api/mcp}: no session id, one JSON answer per POST, a bearer
 * token whose every rejection raises a login-attempt notification in the house.
 */
class HomeAssistantUpstreamTest {

    private final FakeHomeAssistant home = new FakeHomeAssistant();
    private final Fixtures.Directory directory =
            new Fixtures.Directory(Fixtures.http("home", home.url(), FakeHomeAssistant.TOKEN, 1));
    private final PooledUpstreams upstreams = Fixtures.pooled(directory, Fixtures.properties());

    @AfterEach
    void close() {
        upstreams.close();
        home.close();
    }

    @Test
    void aStatelessUpstreamIsInitializedOnceAndServesManyCalls() {
        var turnOn = tool(upstreams.tools(ALICE).block(), "HassTurnOn");

        var results = Flux.range(0, 50)
                .concatMap(i -> upstreams.call(ALICE, turnOn, Map.of("name", "kitchen light")))
                .collectList()
                .block();

        assertThat(results).hasSize(50).allSatisfy(result -> assertThat(text(result))
                .contains("action_done"));
        assertThat(home.received("initialize")).isOne();
        assertThat(home.received("tools/call")).isEqualTo(50);
    }

    @Test
    void aToolCallToAStatelessUpstreamIsOnePlainPostWithTheNegotiatedVersion() {
        var turnOn = tool(upstreams.tools(ALICE).block(), "HassTurnOn");

        upstreams.call(ALICE, turnOn, Map.of("name", "porch")).block();

        assertThat(home.received("tools/call")).isOne();
        assertThat(home.toolCallHeaders()).singleElement().satisfies(headers -> {
            assertThat(headers)
                    .containsEntry("content-type", "application/json")
                    .containsEntry("accept", "application/json, text/event-stream")
                    .containsEntry("mcp-protocol-version", ProtocolVersions.MCP_2025_11_25)
                    .doesNotContainKey("mcp-session-id");
            // Not the SDK client's JDK HttpClient: the lean path of a server that keeps no session.
            assertThat(headers.get("user-agent")).startsWith("ReactorNetty");
        });
    }

    @Test
    void aToolResultReachesTheGatewayExactlyAsTheUpstreamWroteIt() {
        var turnOn = tool(upstreams.tools(ALICE).block(), "HassTurnOn");

        var result = upstreams.call(ALICE, turnOn, Map.of("name", "porch")).block();

        assertThat(new String(result.json(), StandardCharsets.UTF_8)).isEqualTo(home.lastToolResult());
        assertThat(result.isError()).isFalse();
    }

    @Test
    void aToolCallAnsweredAsAnEventStreamIsRead() {
        var turnOn = tool(upstreams.tools(ALICE).block(), "HassTurnOn");
        home.behave(Behaviour.ANSWER_TOOL_CALLS_AS_EVENTS);

        var result = upstreams.call(ALICE, turnOn, Map.of("name", "porch")).block();

        assertThat(text(result)).contains("action_done");
    }

    @Test
    void aServerErrorToAStateChangingCallIsReportedWithItsStatusAndNotRepeated() {
        var turnOn = tool(upstreams.tools(ALICE).block(), "HassTurnOn");
        home.behave(Behaviour.FAIL_TOOL_CALLS_WITH_500);

        assertThatThrownBy(() ->
                        upstreams.call(ALICE, turnOn, Map.of("name", "heater")).block())
                .satisfies(error -> assertThat(codeOf(error)).isEqualTo(JsonRpc.UPSTREAM_UNAVAILABLE))
                .hasMessage("home is unavailable: it answered HTTP 500");
        assertThat(home.received("tools/call")).isOne();
    }

    @Test
    void aTokenRefusedToAToolCallStopsTheUpstream() {
        var turnOn = tool(upstreams.tools(ALICE).block(), "HassTurnOn");
        home.behave(Behaviour.REFUSE_TOKEN);

        assertThatThrownBy(() ->
                        upstreams.call(ALICE, turnOn, Map.of("name", "heater")).block())
                .hasMessageContaining("refused the bridge's credential (HTTP 401)");
        assertThatThrownBy(() ->
                        upstreams.call(ALICE, turnOn, Map.of("name", "heater")).block())
                .hasMessageContaining("HTTP 401");

        assertThat(home.received("tools/call")).isOne();
        assertThat(upstreams.status().getFirst().breakerState()).isEqualTo("FORCED_OPEN");
    }

    @Test
    void homeAssistantsReadingToolsAreReadOnlyByTheCatalog() {
        var tools = upstreams.tools(ALICE).block();

        assertThat(tool(tools, "GetLiveContext").readOnly()).isTrue();
        assertThat(tool(tools, "HassTurnOn").readOnly()).isFalse();
    }

    @Test
    void theUpstreamGetsItsOwnTokenOnEveryRequestAndNothingElse() {
        upstreams
                .call(ALICE, tool(upstreams.tools(ALICE).block(), "HassTurnOn"), Map.of("name", "hall"))
                .block();

        assertThat(home.authorizations()).isNotEmpty().containsOnly("Bearer " + FakeHomeAssistant.TOKEN);
    }

    @Test
    void aRefusedTokenStopsTheUpstreamWithoutAnotherAttempt() {
        home.behave(Behaviour.REFUSE_TOKEN);

        assertThatThrownBy(() -> upstreams.tools(ALICE).block())
                .satisfies(error -> assertThat(codeOf(error)).isEqualTo(JsonRpc.UPSTREAM_UNAVAILABLE))
                .hasMessage("home is unavailable: it refused the bridge's credential (HTTP 401); calls stay"
                        + " stopped until the upstream's token is replaced");
        assertThatThrownBy(() -> upstreams.tools(ALICE).block()).hasMessageContaining("HTTP 401");

        assertThat(home.receivedInAll()).isOne();
        assertThat(upstreams.status().getFirst().breakerState()).isEqualTo("FORCED_OPEN");
    }

    @Test
    void aNewRevisionWithAWorkingTokenStartsTheUpstreamAgain() {
        home.behave(Behaviour.REFUSE_TOKEN);
        assertThatThrownBy(() -> upstreams.tools(ALICE).block()).hasMessageContaining("HTTP 401");

        home.behave(Behaviour.ANSWER);
        directory.replace(Fixtures.http("home", home.url(), FakeHomeAssistant.TOKEN, 2));

        assertThat(upstreams.tools(ALICE).block())
                .extracting(RoutedTool::exposedName)
                .contains("HassTurnOn");
        assertThat(upstreams.status().getFirst().breakerState()).isEqualTo("CLOSED");
    }

    @Test
    void aStateChangingCallThatMayHaveArrivedIsNeverRepeated() {
        var turnOn = tool(upstreams.tools(ALICE).block(), "HassTurnOn");
        home.behave(Behaviour.DROP_TOOL_CALLS);

        assertThatThrownBy(() ->
                        upstreams.call(ALICE, turnOn, Map.of("name", "heater")).block())
                .satisfies(error -> assertThat(codeOf(error)).isEqualTo(JsonRpc.UPSTREAM_UNAVAILABLE));

        assertThat(home.received("tools/call")).isOne();
    }

    @Test
    void aReadOnlyCallIsRepeatedWithBackoff() {
        var context = tool(upstreams.tools(ALICE).block(), "GetLiveContext");
        home.behave(Behaviour.DROP_TOOL_CALLS);

        assertThatThrownBy(() -> upstreams.call(ALICE, context, Map.of()).block())
                .satisfies(error -> assertThat(codeOf(error)).isEqualTo(JsonRpc.UPSTREAM_UNAVAILABLE));

        assertThat(home.received("tools/call"))
                .isEqualTo(Fixtures.properties().retry().maxAttempts());
    }

    @Test
    void anInvalidArgumentsErrorPassesThroughWithoutTheCredential() {
        var unknown = new RoutedTool(
                "HassSelfDestruct",
                "home",
                McpSchema.Tool.builder().name("HassSelfDestruct").build(),
                false);

        assertThatThrownBy(() -> upstreams.call(ALICE, unknown, Map.of()).block())
                .isInstanceOfSatisfying(GatewayError.class, error -> {
                    assertThat(error.code()).isEqualTo(JsonRpc.INVALID_PARAMS);
                    assertThat(error.getMessage())
                            .startsWith("Unknown tool: HassSelfDestruct")
                            .doesNotContain(FakeHomeAssistant.TOKEN);
                });
        assertThat(upstreams.status().getFirst().failures()).isZero();
    }

    @Test
    void aWrongEndpointIsReportedWithItsHttpStatus() {
        directory.replace(
                Fixtures.http("home", home.url().replace("/api/mcp", "/api/nothing"), FakeHomeAssistant.TOKEN, 2));

        assertThatThrownBy(() -> upstreams.tools(ALICE).block())
                .satisfies(error -> assertThat(codeOf(error)).isEqualTo(JsonRpc.UPSTREAM_UNAVAILABLE))
                .hasMessage("home is unavailable: it answered HTTP 404");
    }

    @Test
    void aToolOfAnUpstreamTheCallerMayNotUseIsUnknown() {
        var turnOn = tool(upstreams.tools(ALICE).block(), "HassTurnOn");
        directory.replace();

        assertThatThrownBy(() -> upstreams.call(ALICE, turnOn, Map.of()).block())
                .satisfies(error -> assertThat(codeOf(error)).isEqualTo(JsonRpc.INVALID_PARAMS))
                .hasMessage("Unknown tool: HassTurnOn");
    }
}
