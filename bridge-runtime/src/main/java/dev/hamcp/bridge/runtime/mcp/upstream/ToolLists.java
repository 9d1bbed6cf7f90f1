package dev.hamcp.bridge.runtime.mcp.upstream;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.hamcp.bridge.api.permission.HomeAssistantCatalog;
import dev.hamcp.bridge.api.permission.ToolLevel;
import dev.hamcp.bridge.runtime.mcp.gateway.RoutedTool;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDefinition;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The gateway's tool catalog: each upstream's tool list, cached per revision of its definition,
 * and the tools a caller sees, named with the upstream's prefix when they see more than one
 * upstream. Fetching a list is the caller's business ({@code fetch}); what is kept and how it is
 * named is this class's.
 */
final class ToolLists {

    private static final Logger log = LoggerFactory.getLogger(ToolLists.class);

    private record ToolsKey(String upstream, long revision) {}

    /** An upstream's tools as callers see them, named with or without the upstream's prefix. */
    private record RoutedKey(ToolsKey tools, boolean prefixed) {}

    /** An upstream's tools as callers see them, built from one cached tool list ({@code source}). */
    private record Routed(List<McpSchema.Tool> source, List<RoutedTool> tools) {}

    private final AsyncCache<ToolsKey, List<McpSchema.Tool>> toolLists;
    private final Map<RoutedKey, Routed> routedLists = new ConcurrentHashMap<>();
    private final Set<String> clashes = ConcurrentHashMap.newKeySet();
    private final Function<UpstreamDefinition, Mono<List<McpSchema.Tool>>> fetch;

    ToolLists(Duration ttl, Function<UpstreamDefinition, Mono<List<McpSchema.Tool>>> fetch) {
        this.toolLists = Caffeine.newBuilder().expireAfterWrite(ttl).buildAsync();
        this.fetch = fetch;
    }

    /**
     * The tools of {@code visible}, prefixed or not. One failing upstream among several leaves its
     * tools out; when every one fails, the caller learns why.
     */
    Mono<List<RoutedTool>> tools(List<UpstreamDefinition> visible, boolean prefixed) {
        var known = knownTools(visible, prefixed);
        if (known != null) {
            return Mono.just(known);
        }
        return Flux.fromIterable(visible)
                .flatMapSequential(upstream -> toolsOf(upstream)
                        .map(tools -> routed(upstream, tools, prefixed))
                        .map(Listing::of)
                        .onErrorResume(error -> Mono.just(Listing.failed(upstream, error))))
                .collectList()
                .flatMap(ToolLists::merge)
                .map(this::unique);
    }

    /** Every upstream's tools under their own names; an upstream that cannot be reached contributes none. */
    Mono<List<RoutedTool>> allTools(List<UpstreamDefinition> upstreams) {
        return Flux.fromIterable(upstreams)
                .flatMapSequential(upstream -> toolsOf(upstream)
                        .map(tools -> routed(upstream, tools, false))
                        .onErrorResume(error -> Mono.just(List.of())))
                .collectList()
                .map(lists -> lists.stream().flatMap(List::stream).toList());
    }

    /** Forgets what older revisions of {@code upstream} listed. */
    void keepOnly(UpstreamDefinition upstream) {
        toolLists
                .synchronous()
                .asMap()
                .keySet()
                .removeIf(key -> key.upstream().equals(upstream.name()) && key.revision() != upstream.revision());
        routedLists
                .keySet()
                .removeIf(key -> key.tools().upstream().equals(upstream.name())
                        && key.tools().revision() != upstream.revision());
    }

    private Mono<List<McpSchema.Tool>> toolsOf(UpstreamDefinition upstream) {
        var key = new ToolsKey(upstream.name(), upstream.revision());
        // Cancelling one waiting caller must not cancel the fetch other callers share.
        return Mono.fromFuture(
                toolLists.get(key, (k, executor) -> fetch.apply(upstream).toFuture()), true);
    }

    /**
     * The caller's tools without any Reactor machinery, when every upstream's list is cached
     * already (the case of almost every call); null otherwise. The routed list of each upstream is
     * built once per cached tool list, not per call.
     */
    private List<RoutedTool> knownTools(List<UpstreamDefinition> visible, boolean prefixed) {
        List<RoutedTool> only = null;
        List<RoutedTool> merged = null;
        for (var upstream : visible) {
            var key = new ToolsKey(upstream.name(), upstream.revision());
            var pending = toolLists.getIfPresent(key);
            if (pending == null || !pending.isDone() || pending.isCompletedExceptionally()) {
                return null;
            }
            var tools = pending.join();
            var routedKey = new RoutedKey(key, prefixed);
            var routed = routedLists.get(routedKey);
            if (routed == null || routed.source() != tools) {
                routed = new Routed(tools, routed(upstream, tools, prefixed));
                routedLists.put(routedKey, routed);
            }
            if (only == null && merged == null) {
                only = routed.tools();
            } else {
                if (merged == null) {
                    merged = new ArrayList<>(only);
                    only = null;
                }
                merged.addAll(routed.tools());
            }
        }
        return merged != null ? unique(merged) : only != null ? only : List.of();
    }

    /**
     * One tool per exposed name, the first listed: two upstreams whose prefixes coincide (a user's
     * connection named like a shared upstream registered after it) must not offer a client two tools
     * of one name, nor leave which one a call reaches to chance. The directory lists a user's own
     * connections first; the other tool is left out, with a warning once per upstream.
     */
    private List<RoutedTool> unique(List<RoutedTool> tools) {
        Set<String> names = new HashSet<>(tools.size() * 2);
        List<RoutedTool> result = null;
        for (int i = 0; i < tools.size(); i++) {
            var tool = tools.get(i);
            if (names.add(tool.exposedName())) {
                if (result != null) {
                    result.add(tool);
                }
                continue;
            }
            if (result == null) {
                result = new ArrayList<>(tools.subList(0, i));
            }
            if (clashes.add(tool.upstream())) {
                log.warn(
                        "{} offers tools named like another upstream's ({}, maybe more): they are left out"
                                + " for the users who see both",
                        tool.upstream(),
                        tool.exposedName());
            }
        }
        return List.copyOf(result == null ? tools : result);
    }

    private static List<RoutedTool> routed(UpstreamDefinition upstream, List<McpSchema.Tool> tools, boolean prefixed) {
        return tools.stream()
                .map(tool -> new RoutedTool(
                        prefixed ? upstream.label() + "_" + tool.name() : tool.name(),
                        upstream.name(),
                        tool,
                        readOnly(tool)))
                .toList();
    }

    /** MCP's own hint, or, for Home Assistant's tools (which carry none), the built-in catalog. */
    static boolean readOnly(McpSchema.Tool tool) {
        var annotations = tool.annotations();
        return (annotations != null && Boolean.TRUE.equals(annotations.readOnlyHint()))
                || HomeAssistantCatalog.levelOf(tool.name()) == ToolLevel.READ;
    }

    /** Each upstream's tools, or why it could not list them. */
    private record Listing(UpstreamDefinition upstream, List<RoutedTool> tools, Throwable error) {
        static Listing of(List<RoutedTool> tools) {
            return new Listing(null, tools, null);
        }

        static Listing failed(UpstreamDefinition upstream, Throwable error) {
            return new Listing(upstream, List.of(), error);
        }
    }

    /**
     * The tools of every upstream that answered. One failing upstream among several leaves its
     * tools out (the others stay usable); when every one fails, the caller learns why.
     */
    private static Mono<List<RoutedTool>> merge(List<Listing> listings) {
        var tools = new ArrayList<RoutedTool>();
        Throwable firstError = null;
        int failed = 0;
        for (var listing : listings) {
            tools.addAll(listing.tools());
            if (listing.error() != null) {
                failed++;
                firstError = firstError == null ? listing.error() : firstError;
                log.debug(
                        "Leaving out the tools of {}: {}",
                        listing.upstream().name(),
                        listing.error().getMessage());
            }
        }
        if (failed > 0 && failed == listings.size()) {
            return Mono.error(firstError);
        }
        return Mono.just(tools);
    }
}
