package dev.hamcp.bridge.runtime.mcp.gateway;

import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The MCP servers behind the gateway (each user's Home Assistant, shared upstreams), seen as one
 * catalog. Implementations hold the pooled upstream sessions, one circuit breaker per upstream,
 * and the tool-list cache; they authenticate upstream with the stored upstream credential, never
 * the caller's own. Failures arrive as {@link dev.hamcp.bridge.runtime.mcp.spec.GatewayError}.
 */
public interface Upstreams {

    /** The tools of every upstream {@code caller} may use, named as the caller will see them. */
    Mono<List<RoutedTool>> tools(Caller caller);

    /**
     * Calls {@code tool} on its upstream through that upstream's circuit breaker, retrying with
     * backoff only where repeating is safe (the connection was never made, or the tool is read-only).
     */
    Mono<ToolResult> call(Caller caller, RoutedTool tool, Map<String, Object> arguments);

    /**
     * The tools of every upstream, under their upstreams' own names (never prefixed), for the
     * administrators' catalog; an upstream that cannot be reached contributes none.
     */
    Mono<List<RoutedTool>> allTools();

    /** Every upstream and its health. */
    List<UpstreamStatus> status();

    /** The health of the upstreams {@code caller} may use; every upstream for an administrator. */
    List<UpstreamStatus> status(Caller caller);
}
