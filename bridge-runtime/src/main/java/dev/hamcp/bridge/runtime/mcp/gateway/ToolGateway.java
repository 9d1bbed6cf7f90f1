package dev.hamcp.bridge.runtime.mcp.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.hamcp.bridge.query.token.ApiTokenAccess;
import dev.hamcp.bridge.query.token.TokenView;
import dev.hamcp.bridge.runtime.mcp.McpProperties;
import dev.hamcp.bridge.runtime.mcp.queue.CallQueue;
import dev.hamcp.bridge.runtime.mcp.ratelimit.RateLimitDecision;
import dev.hamcp.bridge.runtime.mcp.ratelimit.RateLimitScope;
import dev.hamcp.bridge.runtime.mcp.ratelimit.RateLimiter;
import dev.hamcp.bridge.runtime.mcp.requestlog.RequestLog;
import dev.hamcp.bridge.runtime.mcp.requestlog.RequestLogEntry;
import dev.hamcp.bridge.runtime.mcp.requestlog.RequestOutcome;
import dev.hamcp.bridge.runtime.mcp.spec.JsonRpc;
import dev.hamcp.bridge.runtime.mcp.spec.McpError;
import dev.hamcp.bridge.runtime.mcp.spec.McpJson;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The path of one call through the gateway, the same for every transport and in this order: rate
 * limit, find the tool among the caller's upstreams, check the caller may use it, answer a
 * read-only call from cache, queue fairly, forward through the upstream's breaker, and record the
 * outcome in the request log. Authentication happened before; nothing here waits on the database.
 */
@Component
public class ToolGateway {

    private record CacheKey(String userId, String upstream, String tool, String arguments) {}

    private final Upstreams upstreams;
    private final ToolPermissions permissions;
    private final RateLimiter rateLimiter;
    private final TokenView tokens;
    private final CallQueue queue;
    private final RequestLog requestLog;
    private final Cache<CacheKey, McpSchema.CallToolResult> readOnlyResults;

    ToolGateway(
            Upstreams upstreams,
            ToolPermissions permissions,
            RateLimiter rateLimiter,
            TokenView tokens,
            CallQueue queue,
            RequestLog requestLog,
            McpProperties properties) {
        this.upstreams = upstreams;
        this.permissions = permissions;
        this.rateLimiter = rateLimiter;
        this.tokens = tokens;
        this.queue = queue;
        this.requestLog = requestLog;
        this.readOnlyResults = Caffeine.newBuilder()
                .expireAfterWrite(properties.resultCacheTtl())
                .maximumSize(10_000)
                .build();
    }

    /** The tools {@code caller} may call, as {@code tools/list} shows them. */
    public Mono<List<McpSchema.Tool>> listTools(Caller caller) {
        return Mono.fromRunnable(() -> spendBudget(caller))
                .then(upstreams.tools(caller))
                .map(tools -> tools.stream()
                        .filter(tool -> permissions.refusal(caller, tool).isEmpty())
                        .map(RoutedTool::exposed)
                        .toList());
    }

    /** Calls the tool {@code name} for {@code caller}; refusals and failures arrive as {@link McpError}. */
    public Mono<McpSchema.CallToolResult> callTool(Caller caller, String name, Map<String, Object> arguments) {
        Instant arrived = Instant.now();
        byte[] request = McpJson.bytes(arguments);
        AtomicReference<String> routedTo = new AtomicReference<>();
        return Mono.fromRunnable(() -> spendBudget(caller))
                .then(upstreams.tools(caller))
                .map(tools -> find(tools, name))
                .doOnNext(tool -> authorize(caller, tool))
                .doOnNext(tool -> routedTo.set(tool.upstream()))
                .flatMap(tool -> tool.readOnly()
                        ? cached(caller, tool, arguments, request)
                        : queue.submit(caller, () -> upstreams.call(caller, tool, arguments)))
                .doOnNext(result -> log(
                        caller,
                        arrived,
                        name,
                        routedTo.get(),
                        outcomeOf(result),
                        null,
                        request.length,
                        McpJson.bytes(result).length))
                .doOnError(
                        McpError.class,
                        e -> log(
                                caller,
                                arrived,
                                name,
                                routedTo.get(),
                                RequestOutcome.ofErrorCode(e.code()),
                                e.code(),
                                request.length,
                                0))
                .doOnError(
                        e -> !(e instanceof McpError),
                        e -> log(
                                caller,
                                arrived,
                                name,
                                routedTo.get(),
                                RequestOutcome.INTERNAL_ERROR,
                                JsonRpc.INTERNAL_ERROR,
                                request.length,
                                0))
                .doOnCancel(() ->
                        log(caller, arrived, name, routedTo.get(), RequestOutcome.CANCELLED, null, request.length, 0));
    }

    /** The caller's own budget, then, for an API token with a limit of its own, the token's. */
    private void spendBudget(Caller caller) {
        refuseIfSpent(rateLimiter.tryAcquireForUser(caller.userId()));
        if (caller.tokenId() != null) {
            tokens.token(caller.tokenId())
                    .map(ApiTokenAccess::requestsPerMinute)
                    .ifPresent(limit ->
                            refuseIfSpent(rateLimiter.tryAcquire(RateLimitScope.TOKEN, caller.tokenId(), limit)));
        }
    }

    private static void refuseIfSpent(RateLimitDecision decision) {
        if (!decision.allowed()) {
            throw new McpError(
                    JsonRpc.RATE_LIMITED,
                    "Too many requests; try again in " + decision.retryAfterSeconds() + " s.",
                    Map.of("retryAfterSeconds", decision.retryAfterSeconds()));
        }
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
    private Mono<McpSchema.CallToolResult> cached(
            Caller caller, RoutedTool tool, Map<String, Object> arguments, byte[] request) {
        var key =
                new CacheKey(caller.userId(), tool.upstream(), tool.definition().name(), new String(request));
        var hit = readOnlyResults.getIfPresent(key);
        if (hit != null) {
            return Mono.just(hit);
        }
        return queue.submit(caller, () -> upstreams.call(caller, tool, arguments))
                .doOnNext(result -> {
                    if (!Boolean.TRUE.equals(result.isError())) {
                        readOnlyResults.put(key, result);
                    }
                });
    }

    private static RequestOutcome outcomeOf(McpSchema.CallToolResult result) {
        return Boolean.TRUE.equals(result.isError()) ? RequestOutcome.TOOL_ERROR : RequestOutcome.OK;
    }

    private void log(
            Caller caller,
            Instant arrived,
            String tool,
            String upstream,
            RequestOutcome outcome,
            Integer errorCode,
            int requestBytes,
            int responseBytes) {
        requestLog.record(RequestLogEntry.of(
                caller,
                arrived,
                tool,
                upstream,
                outcome,
                errorCode,
                Duration.between(arrived, Instant.now()),
                requestBytes,
                responseBytes));
    }
}
