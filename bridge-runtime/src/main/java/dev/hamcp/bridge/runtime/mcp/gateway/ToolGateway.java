package dev.hamcp.bridge.runtime.mcp.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.hamcp.bridge.query.token.ApiTokenAccess;
import dev.hamcp.bridge.query.token.TokenView;
import dev.hamcp.bridge.runtime.limits.SecurityLimitsView;
import dev.hamcp.bridge.runtime.mcp.McpProperties;
import dev.hamcp.bridge.runtime.mcp.queue.CallQueue;
import dev.hamcp.bridge.runtime.mcp.ratelimit.RateLimitDecision;
import dev.hamcp.bridge.runtime.mcp.ratelimit.RateLimitScope;
import dev.hamcp.bridge.runtime.mcp.ratelimit.RateLimiter;
import dev.hamcp.bridge.runtime.mcp.requestlog.RequestLog;
import dev.hamcp.bridge.runtime.mcp.requestlog.RequestLogEntry;
import dev.hamcp.bridge.runtime.mcp.requestlog.RequestOutcome;
import dev.hamcp.bridge.runtime.mcp.spec.GatewayError;
import dev.hamcp.bridge.runtime.mcp.spec.JsonRpc;
import dev.hamcp.bridge.runtime.mcp.spec.McpJson;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Signal;

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
    private final SecurityLimitsView limits;
    private final TokenView tokens;
    private final CallQueue queue;
    private final RequestLog requestLog;
    private final Cache<CacheKey, ToolResult> readOnlyResults;

    ToolGateway(
            Upstreams upstreams,
            ToolPermissions permissions,
            RateLimiter rateLimiter,
            SecurityLimitsView limits,
            TokenView tokens,
            CallQueue queue,
            RequestLog requestLog,
            McpProperties properties) {
        this.upstreams = upstreams;
        this.permissions = permissions;
        this.rateLimiter = rateLimiter;
        this.limits = limits;
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

    /**
     * Calls the tool {@code name} for {@code caller}; refusals and failures arrive as {@link GatewayError}.
     * The result comes serialized once, for the request log's byte count and the transports alike.
     */
    public Mono<ToolResult> callTool(Caller caller, String name, Map<String, Object> arguments) {
        var call = new LoggedCall(caller, name, McpJson.bytes(arguments));
        return Mono.defer(() -> {
                    spendBudget(caller);
                    return upstreams.tools(caller);
                })
                .flatMap(tools -> {
                    var tool = find(tools, name);
                    authorize(caller, tool);
                    call.upstream = tool.upstream();
                    return tool.readOnly()
                            ? cached(caller, tool, arguments, call.request)
                            : queue.submit(caller, () -> upstreams.call(caller, tool, arguments));
                })
                .doOnEach(call::ended)
                .doOnCancel(call::cancelled);
    }

    /** One call's entry in the request log, written once it has ended however it ended. */
    private final class LoggedCall {
        private final Caller caller;
        private final String tool;
        private final byte[] request;
        private final Instant arrived = Instant.now();
        private volatile String upstream;

        LoggedCall(Caller caller, String tool, byte[] request) {
            this.caller = caller;
            this.tool = tool;
            this.request = request;
        }

        void ended(Signal<ToolResult> signal) {
            if (signal.isOnNext()) {
                var result = signal.get();
                log(result.isError() ? RequestOutcome.TOOL_ERROR : RequestOutcome.OK, null, result.json().length);
            } else if (signal.isOnError()) {
                if (signal.getThrowable() instanceof GatewayError e) {
                    log(RequestOutcome.ofErrorCode(e.code()), e.code(), 0);
                } else {
                    log(RequestOutcome.INTERNAL_ERROR, JsonRpc.INTERNAL_ERROR, 0);
                }
            }
        }

        void cancelled() {
            log(RequestOutcome.CANCELLED, null, 0);
        }

        private void log(RequestOutcome outcome, Integer errorCode, int responseBytes) {
            requestLog.record(RequestLogEntry.of(
                    caller,
                    arrived,
                    tool,
                    upstream,
                    outcome,
                    errorCode,
                    Duration.between(arrived, Instant.now()),
                    request.length,
                    responseBytes));
        }
    }

    /** The caller's own budget (the default in force now), then, for an API token with a limit of its own, the token's. */
    private void spendBudget(Caller caller) {
        refuseIfSpent(rateLimiter.tryAcquire(RateLimitScope.USER, caller.userId(), limits.requestsPerMinute()));
        if (caller.tokenId() != null) {
            tokens.token(caller.tokenId())
                    .map(ApiTokenAccess::requestsPerMinute)
                    .ifPresent(limit ->
                            refuseIfSpent(rateLimiter.tryAcquire(RateLimitScope.TOKEN, caller.tokenId(), limit)));
        }
    }

    private static void refuseIfSpent(RateLimitDecision decision) {
        if (!decision.allowed()) {
            throw new GatewayError(
                    JsonRpc.RATE_LIMITED,
                    "Too many requests; try again in " + decision.retryAfterSeconds() + " s.",
                    Map.of("retryAfterSeconds", decision.retryAfterSeconds()));
        }
    }

    private static RoutedTool find(List<RoutedTool> tools, String name) {
        return tools.stream()
                .filter(tool -> tool.exposedName().equals(name))
                .findFirst()
                .orElseThrow(() -> new GatewayError(JsonRpc.INVALID_PARAMS, "Unknown tool: " + name));
    }

    private void authorize(Caller caller, RoutedTool tool) {
        permissions.refusal(caller, tool).ifPresent(reason -> {
            throw new GatewayError(JsonRpc.PERMISSION_DENIED, reason, Map.of("tool", tool.exposedName()));
        });
    }

    /** Read-only tools only: a state-changing call is never answered from cache. */
    private Mono<ToolResult> cached(Caller caller, RoutedTool tool, Map<String, Object> arguments, byte[] request) {
        var key =
                new CacheKey(caller.userId(), tool.upstream(), tool.definition().name(), new String(request));
        var hit = readOnlyResults.getIfPresent(key);
        if (hit != null) {
            return Mono.just(hit);
        }
        return queue.submit(caller, () -> upstreams.call(caller, tool, arguments))
                .doOnNext(result -> {
                    if (!result.isError()) {
                        readOnlyResults.put(key, result);
                    }
                });
    }
}
