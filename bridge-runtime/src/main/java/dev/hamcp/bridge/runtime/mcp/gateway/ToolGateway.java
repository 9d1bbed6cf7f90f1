package dev.hamcp.bridge.runtime.mcp.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.hamcp.bridge.runtime.mcp.McpProperties;
import dev.hamcp.bridge.runtime.mcp.spec.JsonRpc;
import dev.hamcp.bridge.runtime.mcp.spec.McpError;
import dev.hamcp.bridge.runtime.mcp.spec.McpJson;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The path of one call through the gateway, the same for every transport: find the tool among
 * the caller's upstreams, check the caller may use it, serve a read-only result from cache or
 * forward the call. Authentication happened before; nothing here waits on the database.
 */
@Component
public class ToolGateway {

    private record CacheKey(String userId, String upstream, String tool, String arguments) {}

    private final Upstreams upstreams;
    private final ToolPermissions permissions;
    private final Cache<CacheKey, McpSchema.CallToolResult> readOnlyResults;

    ToolGateway(Upstreams upstreams, ToolPermissions permissions, McpProperties properties) {
        this.upstreams = upstreams;
        this.permissions = permissions;
        this.readOnlyResults = Caffeine.newBuilder()
                .expireAfterWrite(properties.resultCacheTtl())
                .maximumSize(10_000)
                .build();
    }

    /** The tools {@code caller} may call, as {@code tools/list} shows them. */
    public Mono<List<McpSchema.Tool>> listTools(Caller caller) {
        return upstreams.tools(caller).map(tools -> tools.stream()
                .filter(tool -> permissions.refusal(caller, tool).isEmpty())
                .map(RoutedTool::exposed)
                .toList());
    }

    /** Calls the tool {@code name} for {@code caller}; refusals and failures arrive as {@link McpError}. */
    public Mono<McpSchema.CallToolResult> callTool(Caller caller, String name, Map<String, Object> arguments) {
        return upstreams
                .tools(caller)
                .map(tools -> find(tools, name))
                .doOnNext(tool -> authorize(caller, tool))
                .flatMap(tool ->
                        tool.readOnly() ? cached(caller, tool, arguments) : upstreams.call(caller, tool, arguments));
    }

    private static RoutedTool find(List<RoutedTool> tools, String name) {
        return tools.stream()
                .filter(tool -> tool.exposedName().equals(name))
                .findFirst()
                .orElseThrow(() -> new McpError(JsonRpc.INVALID_PARAMS, "Unknown tool: " + name));
    }

    private void authorize(Caller caller, RoutedTool tool) {
        permissions.refusal(caller, tool).ifPresent(reason -> {
            throw new McpError(JsonRpc.PERMISSION_DENIED, reason, Map.of("tool", tool.exposedName()));
        });
    }

    /** Read-only tools only: a state-changing call is never answered from cache. */
    private Mono<McpSchema.CallToolResult> cached(Caller caller, RoutedTool tool, Map<String, Object> arguments) {
        var key = new CacheKey(
                caller.userId(), tool.upstream(), tool.definition().name(), new String(McpJson.bytes(arguments)));
        var hit = readOnlyResults.getIfPresent(key);
        if (hit != null) {
            return Mono.just(hit);
        }
        return upstreams.call(caller, tool, arguments).doOnNext(result -> {
            if (!Boolean.TRUE.equals(result.isError())) {
                readOnlyResults.put(key, result);
            }
        });
    }
}
