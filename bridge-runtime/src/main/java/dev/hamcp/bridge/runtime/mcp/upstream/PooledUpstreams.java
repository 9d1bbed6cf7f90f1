package dev.hamcp.bridge.runtime.mcp.upstream;

import dev.hamcp.bridge.runtime.mcp.gateway.Caller;
import dev.hamcp.bridge.runtime.mcp.gateway.RoutedTool;
import dev.hamcp.bridge.runtime.mcp.gateway.ToolResult;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDefinition;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDirectory;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamStatus;
import dev.hamcp.bridge.runtime.mcp.gateway.Upstreams;
import dev.hamcp.bridge.runtime.mcp.spec.GatewayError;
import dev.hamcp.bridge.runtime.mcp.spec.JsonRpc;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The bridge as an MCP client, put together: the directory says which upstreams exist, the
 * {@link SessionPool} holds their sessions, {@link ResilientCalls} carries each request (breaker,
 * retry, deadline) and {@link ToolLists} keeps their tools. Here: which upstream a call goes to,
 * and that a new revision of a definition retires what the old one built.
 */
final class PooledUpstreams implements Upstreams, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PooledUpstreams.class);

    /** A bound on a tool list's pages, against an upstream that hands out cursors forever. */
    static final int MOST_TOOL_PAGES = 50;

    private static final String LIST_TOOLS = "list its tools";

    private final UpstreamDirectory directory;
    private final StreamableHttpClient streamableHttp;
    private final SessionPool pool;
    private final ResilientCalls calls;
    private final ToolLists lists;
    private final Map<String, Long> revisions = new ConcurrentHashMap<>();
    private final Disposable idleSweeper;

    /** For upstreams administrators defined only: guarded ones are all refused. */
    PooledUpstreams(UpstreamDirectory directory, UpstreamProperties properties, MeterRegistry meters) {
        this(directory, properties, meters, Pinning.NONE);
    }

    /** @param pinning where each upstream's session connects */
    PooledUpstreams(UpstreamDirectory directory, UpstreamProperties properties, MeterRegistry meters, Pinning pinning) {
        this.directory = directory;
        this.streamableHttp = new StreamableHttpClient(properties.connectTimeout());
        this.pool = new SessionPool(
                properties,
                definition -> definition.transport() == UpstreamDefinition.Transport.STDIO
                        ? new SdkSession(definition)
                        : new HttpSession(definition, streamableHttp, pinning));
        this.calls = new ResilientCalls(pool, properties, meters);
        this.lists = new ToolLists(
                properties.toolCacheTtl(),
                upstream -> calls.execute(
                        upstream, LIST_TOOLS, (session, deadline) -> session.listTools(MOST_TOOL_PAGES, deadline)));
        this.idleSweeper = Flux.interval(sweepPeriod(properties.idleTimeout()))
                .subscribe(tick -> pool.closeIdle(), error -> log.error("The idle-session sweeper stopped", error));
    }

    @Override
    public Mono<List<RoutedTool>> tools(Caller caller) {
        var visible = directory.upstreamsFor(caller.userId());
        visible.forEach(this::observe);
        return lists.tools(visible, visible.size() > 1);
    }

    @Override
    public List<UpstreamStatus> status(Caller caller) {
        if (caller.isAdmin()) {
            return status();
        }
        var visible = directory.upstreamsFor(caller.userId()).stream()
                .map(UpstreamDefinition::name)
                .collect(Collectors.toSet());
        return status().stream()
                .filter(upstream -> visible.contains(upstream.name()))
                .toList();
    }

    @Override
    public Mono<List<RoutedTool>> allTools() {
        var all = directory.all();
        all.forEach(this::observe);
        return lists.allTools(all);
    }

    @Override
    public Mono<ToolResult> call(Caller caller, RoutedTool tool, Map<String, Object> arguments) {
        UpstreamDefinition upstream = null;
        for (var definition : directory.upstreamsFor(caller.userId())) {
            if (definition.name().equals(tool.upstream())) {
                upstream = definition;
                break;
            }
        }
        if (upstream == null) {
            return Mono.error(new GatewayError(JsonRpc.INVALID_PARAMS, "Unknown tool: " + tool.exposedName()));
        }
        var request = new McpSchema.CallToolRequest(tool.definition().name(), arguments == null ? Map.of() : arguments);
        boolean readOnly = tool.readOnly();
        observe(upstream);
        return calls.execute(
                upstream,
                "run " + tool.definition().name(),
                (session, deadline) -> session.callTool(request, readOnly, deadline));
    }

    @Override
    public List<UpstreamStatus> status() {
        return directory.all().stream()
                .map(upstream -> {
                    var tally = calls.tallyOf(upstream.name());
                    return new UpstreamStatus(
                            upstream.name(),
                            upstream.label(),
                            upstream.transport().name(),
                            calls.breakerState(upstream),
                            pool.openSessions(upstream.name()),
                            tally.calls().sum(),
                            tally.failures().sum());
                })
                .toList();
    }

    /** Closes every session and stops every stdio process, waiting for them to end. */
    @Override
    public void close() {
        idleSweeper.dispose();
        try {
            pool.close().block(SdkSession.STOP_GRACE.multipliedBy(3));
        } catch (RuntimeException e) {
            log.warn("Some upstream sessions did not close in time: {}", Failures.describe(e));
        }
        // Event streams of legacy SSE upstreams may still be open; nothing more is waited for.
        streamableHttp.close();
    }

    SessionPool pool() {
        return pool;
    }

    /** A new revision of a definition retires what the old one built: sessions, tool list, breaker state. */
    private void observe(UpstreamDefinition upstream) {
        var seen = revisions.get(upstream.name());
        if (seen != null && seen == upstream.revision()) {
            return;
        }
        var previous = revisions.put(upstream.name(), upstream.revision());
        if (previous == null || previous == upstream.revision()) {
            return;
        }
        log.info(
                "{} changed (revision {} to {}): closing its old sessions",
                upstream.name(),
                previous,
                upstream.revision());
        pool.retireOtherRevisions(upstream.name(), upstream.revision());
        lists.keepOnly(upstream);
        calls.reset(upstream);
    }

    private static Duration sweepPeriod(Duration idleTimeout) {
        var half = idleTimeout.dividedBy(2);
        var floor = Duration.ofMillis(100);
        var ceiling = Duration.ofSeconds(30);
        return half.compareTo(floor) < 0 ? floor : half.compareTo(ceiling) > 0 ? ceiling : half;
    }
}
