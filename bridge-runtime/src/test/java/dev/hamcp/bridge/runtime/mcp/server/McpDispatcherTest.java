package dev.hamcp.bridge.runtime.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.hamcp.bridge.api.user.Role;
import dev.hamcp.bridge.runtime.mcp.gateway.Caller;
import dev.hamcp.bridge.runtime.mcp.gateway.Priority;
import dev.hamcp.bridge.runtime.mcp.gateway.ToolGateway;
import dev.hamcp.bridge.runtime.mcp.gateway.ToolResult;
import dev.hamcp.bridge.runtime.mcp.spec.GatewayError;
import dev.hamcp.bridge.runtime.mcp.spec.JsonRpc;
import dev.hamcp.bridge.runtime.mcp.spec.McpJson;
import dev.hamcp.bridge.runtime.mcp.spec.McpMethods;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class McpDispatcherTest {

    private static final Caller ALICE =
            new Caller("u1", "alice", Role.USER, "s1", null, "127.0.0.1", Priority.INTERACTIVE);
    private final ToolGateway gateway = mock(ToolGateway.class);
    private final McpDispatcher dispatcher = new McpDispatcher(gateway);

    @Test
    void theClientsRevisionIsKeptWhenSupportedAndTheNewestOfferedOtherwise() {
        assertThat(McpDispatcher.negotiate(
                        McpJson.MAPPER.createObjectNode().put("protocolVersion", "2025-03-26"),
                        McpMethods.PROTOCOL_VERSIONS))
                .isEqualTo("2025-03-26");
        assertThat(McpDispatcher.negotiate(
                        McpJson.MAPPER.createObjectNode().put("protocolVersion", "1999-01-01"),
                        McpMethods.PROTOCOL_VERSIONS))
                .isEqualTo("2025-11-25");
        assertThat(McpDispatcher.negotiate(null, McpMethods.PROTOCOL_VERSIONS)).isEqualTo("2025-11-25");
    }

    @Test
    void initializeAnnouncesToolsAndTheBridge() {
        var result = dispatcher.initialize("2025-06-18");

        assertThat(result).containsEntry("protocolVersion", "2025-06-18").containsKey("serverInfo");
        assertThat(result.get("capabilities")).isEqualTo(Map.of("tools", Map.of("listChanged", false)));
    }

    @Test
    void anUnknownMethodIsMethodNotFound() {
        StepVerifier.create(dispatcher.dispatch(ALICE, "resources/list", null))
                .expectErrorSatisfies(e -> assertThat(((GatewayError) e).code()).isEqualTo(JsonRpc.METHOD_NOT_FOUND))
                .verify();
    }

    @Test
    void aToolCallWithoutANameOrWithNonObjectArgumentsIsInvalidParams() {
        StepVerifier.create(dispatcher.dispatch(ALICE, McpMethods.TOOLS_CALL, McpJson.MAPPER.createObjectNode()))
                .expectErrorSatisfies(e -> assertThat(((GatewayError) e).code()).isEqualTo(JsonRpc.INVALID_PARAMS))
                .verify();
        var params = McpJson.MAPPER.createObjectNode().put("name", "HassTurnOn").put("arguments", "kitchen");
        StepVerifier.create(dispatcher.dispatch(ALICE, McpMethods.TOOLS_CALL, params))
                .expectErrorSatisfies(e -> assertThat(((GatewayError) e).code()).isEqualTo(JsonRpc.INVALID_PARAMS))
                .verify();
        verifyNoInteractions(gateway);
    }

    @Test
    void aToolCallReachesTheGatewayWithItsArguments() {
        var result = ToolResult.of(
                McpSchema.CallToolResult.builder().addTextContent("done").build());
        when(gateway.callTool(eq(ALICE), eq("HassTurnOn"), any())).thenReturn(Mono.just(result));
        var params = McpJson.MAPPER.createObjectNode().put("name", "HassTurnOn");
        params.putObject("arguments").put("name", "Kitchen Light");

        StepVerifier.create(dispatcher.dispatch(ALICE, McpMethods.TOOLS_CALL, params))
                .expectNext(result)
                .verifyComplete();
    }

    @Test
    void pingAnswersAnEmptyResultAndToolsListWrapsTheTools() {
        when(gateway.listTools(ALICE)).thenReturn(Mono.just(List.of()));

        StepVerifier.create(dispatcher.dispatch(ALICE, McpMethods.PING, null))
                .expectNext(Map.of())
                .verifyComplete();
        StepVerifier.create(dispatcher.dispatch(ALICE, McpMethods.TOOLS_LIST, null))
                .expectNext(Map.of("tools", List.of()))
                .verifyComplete();
    }
}
