package dev.hamcp.bridge.runtime.mcp.upstream;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.hamcp.bridge.api.permission.HomeAssistantCatalog;
import dev.hamcp.bridge.api.permission.ToolLevel;
import dev.hamcp.bridge.runtime.mcp.gateway.Caller;
import dev.hamcp.bridge.runtime.mcp.gateway.RoutedTool;
import dev.hamcp.bridge.runtime.mcp.gateway.ToolResult;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDefinition;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDirectory;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamStatus;
import dev.hamcp.bridge.runtime.mcp.gateway.Upstreams;
import dev.hamcp.bridge.runtime.mcp.spec.GatewayError;
import dev.hamcp.bridge.runtime.mcp.spec.JsonRpc;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The bridge as an MCP client: pooled upstream sessions, one circuit breaker and one retry
 * policy per upstream, and a tool-list cache per upstream revision.
 *
 * <p>A call goes: lease a session, send within the deadline, through the upstream's breaker,
 * repeated with exponential back-off only when repeating cannot do anything twice (nothing was
 * sent, or the tool only reads). A 401 or 403 stops the upstream until its definition changes,
 * because Home Assistant raises a login-attempt notification for every rejected token.
 */
final class PooledUpstreams implements Upstreams, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PooledUpstreams.class);

    /** A bound on a tool list's pages, against an upstream that hands out cursors forever. */
    static final int MOST_TOOL_PAGES = 50;

    private static final String LIST_TOOLS = "list its tools";

    private record ToolsKey(String upstream, long revision) {}

    /** An upstream's tools as callers see them, named with or without the upstream's prefix. */
    private record RoutedKey(ToolsKey tools, boolean prefixed) {}

    /** An upstream's tools as callers see them, built from one cached tool list ({@code source}). */
    private record Routed(List<McpSchema.Tool> source, List<RoutedTool> tools) {}

    private record Tally(LongAdder calls, LongAdder failures) {
        Tally() {
            this(new LongAdder(), new LongAdder());
        }
    }

    private final UpstreamDirectory directory;
    private final UpstreamProperties properties;
    private final HttpClient http;
    private final StreamableHttpClient streamableHttp;
    private final SessionPool pool;
    // Shared upstreams' breakers and retries show in the metrics by name; a user's own connections'
    // do not, as their names carry the connection's id (anyone who may scrape would learn who has
    // a house and when its token was rejected).
    private final CircuitBreakerRegistry breakers;
    private final CircuitBreakerRegistry usersBreakers;
    private final RetryRegistry retries;
    private final RetryRegistry usersRetries;
    private final AsyncCache<ToolsKey, List<McpSchema.Tool>> toolLists;
    private final Map<RoutedKey, Routed> routedLists = new ConcurrentHashMap<>();
    private final Map<String, Long> revisions = new ConcurrentHashMap<>();
    private final Map<String, Integer> rejectedCredentials = new ConcurrentHashMap<>();
    private final Map<String, Tally> tallies = new ConcurrentHashMap<>();
    private final Set<String> clashes = ConcurrentHashMap.newKeySet();
    private final Disposable idleSweeper;

    /** For upstreams administrators defined only: guarded ones are all refused. */
    PooledUpstreams(UpstreamDirectory directory, UpstreamProperties properties, MeterRegistry meters) {
        this(directory, properties, meters, Pinning.NONE);
    }

    /** @param pinning where each session of a guarded upstream (a user's own Home Assistant) connects */
    PooledUpstreams(UpstreamDirectory directory, UpstreamProperties properties, MeterRegistry meters, Pinning pinning) {
        this.directory = directory;
        this.properties = properties;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                // A redirect would carry the upstream's token to wherever it points.
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.streamableHttp = new StreamableHttpClient(properties.connectTimeout());
        var factory = new ClientFactory(http);
        this.pool = new SessionPool(
                properties,
                definition -> definition.transport() == UpstreamDefinition.Transport.STREAMABLE_HTTP
                        ? new HttpSession(definition, streamableHttp, pinning)
                        : new SdkSession(definition, factory, pinning));
        this.breakers = CircuitBreakerRegistry.of(breakerConfig(properties.breaker()));
        this.usersBreakers = CircuitBreakerRegistry.of(breakerConfig(properties.breaker()));
        this.retries = RetryRegistry.of(retryConfig(properties.retry()));
        this.usersRetries = RetryRegistry.of(retryConfig(properties.retry()));
        this.toolLists = Caffeine.newBuilder()
                .expireAfterWrite(properties.toolCacheTtl())
                .buildAsync();
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
        this.idleSweeper = Flux.interval(sweepPeriod(properties.idleTimeout()))
                .subscribe(tick -> pool.closeIdle(), error -> log.error("The idle-session sweeper stopped", error));
    }

    @Override
    public Mono<List<RoutedTool>> tools(Caller caller) {
        var visible = directory.upstreamsFor(caller.userId());
        boolean prefixed = visible.size() > 1;
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
                .flatMap(PooledUpstreams::merge)
                .map(this::unique);
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
        return Flux.fromIterable(directory.all())
                .flatMapSequential(upstream -> toolsOf(upstream)
                        .map(tools -> routed(upstream, tools, false))
                        .onErrorResume(error -> Mono.just(List.of())))
                .collectList()
                .map(lists -> lists.stream().flatMap(List::stream).toList());
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
        return execute(
                upstream,
                "run " + tool.definition().name(),
                (session, deadline) -> session.callTool(request, readOnly, deadline));
    }

    @Override
    public List<UpstreamStatus> status() {
        return directory.all().stream()
                .map(upstream -> {
                    var tally = tallyOf(upstream.name());
                    var breaker = breakersOf(upstream)
                            .find(upstream.name())
                            .map(b -> b.getState().name())
                            .orElse(CircuitBreaker.State.CLOSED.name());
                    return new UpstreamStatus(
                            upstream.name(),
                            upstream.label(),
                            upstream.transport().name(),
                            breaker,
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
        // Event streams of stateful upstreams may still be open; nothing more is waited for.
        http.shutdownNow();
        streamableHttp.close();
    }

    SessionPool pool() {
        return pool;
    }

    private Mono<List<McpSchema.Tool>> toolsOf(UpstreamDefinition upstream) {
        observe(upstream);
        var key = new ToolsKey(upstream.name(), upstream.revision());
        // Cancelling one waiting caller must not cancel the fetch other callers share.
        return Mono.fromFuture(
                toolLists.get(key, (k, executor) -> execute(
                                upstream,
                                LIST_TOOLS,
                                (session, deadline) -> session.listTools(MOST_TOOL_PAGES, deadline))
                        .toFuture()),
                true);
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
            observe(upstream);
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

    /** What one attempt sends on the session it leased. */
    private interface Attempt<T> {
        Mono<T> on(UpstreamSession session, Deadline deadline);
    }

    /** One call, start to end: breaker, retry, deadline, and the caller's error. */
    private <T> Mono<T> execute(UpstreamDefinition upstream, String action, Attempt<T> request) {
        return Mono.defer(() -> {
            observe(upstream);
            var tally = tallyOf(upstream.name());
            tally.calls().increment();
            var deadline = Deadline.after(upstream.timeout());
            var breaker = breakersOf(upstream).circuitBreaker(upstream.name());
            var attempt = Mono.using(
                            () -> pool.lease(upstream),
                            lease -> request.on(lease.session(), deadline),
                            SessionPool.Lease::close)
                    .doOnError(UpstreamFailure.class, failure -> onFailure(upstream, failure))
                    .transform(CircuitBreakerOperator.of(breaker));
            return retried(attempt, retriesOf(upstream).retry(upstream.name()).asyncContext())
                    .doOnError(error -> {
                        if (error instanceof UpstreamFailure || error instanceof CallNotPermittedException) {
                            tally.failures().increment();
                        }
                    })
                    .onErrorMap(error -> Failures.toMcpError(
                            upstream.name(),
                            action,
                            upstream.timeout(),
                            error,
                            rejectedCredentials.get(upstream.name()),
                            upstream.bearerToken()));
        });
    }

    /**
     * {@code attempt}, repeated as the retry policy says (resilience4j's own context decides, and
     * counts for its metrics). What resilience4j's RetryOperator does, without the retryWhen
     * machinery (a companion publisher and sink) it set up on every call, most of which never fail.
     */
    private static <T> Mono<T> retried(Mono<T> attempt, Retry.AsyncContext<T> retry) {
        return repeatedOnError(attempt, retry).doOnSuccess(result -> retry.onComplete());
    }

    private static <T> Mono<T> repeatedOnError(Mono<T> attempt, Retry.AsyncContext<T> retry) {
        return attempt.onErrorResume(error -> {
            if (error instanceof Error fatal) {
                return Mono.error(fatal);
            }
            long wait = retry.onError(error);
            return wait == -1
                    ? Mono.error(error)
                    : Mono.delay(Duration.ofMillis(wait)).then(repeatedOnError(attempt, retry));
        });
    }

    private void onFailure(UpstreamDefinition upstream, UpstreamFailure failure) {
        log.warn("{} ({}): {}", upstream.name(), upstream.transport(), Failures.describe(failure));
        if (failure.kind() == UpstreamFailure.Kind.CREDENTIAL_REJECTED) {
            rejectedCredentials.put(upstream.name(), failure.httpStatus());
            breakersOf(upstream).circuitBreaker(upstream.name()).transitionToForcedOpenState();
            log.error(
                    "{} refused the bridge's credential (HTTP {}): calls to it stop until its token is replaced",
                    upstream.name(),
                    failure.httpStatus());
        }
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
        toolLists
                .synchronous()
                .asMap()
                .keySet()
                .removeIf(key -> key.upstream().equals(upstream.name()) && key.revision() != upstream.revision());
        routedLists
                .keySet()
                .removeIf(key -> key.tools().upstream().equals(upstream.name())
                        && key.tools().revision() != upstream.revision());
        rejectedCredentials.remove(upstream.name());
        breakersOf(upstream).find(upstream.name()).ifPresent(CircuitBreaker::reset);
    }

    private CircuitBreakerRegistry breakersOf(UpstreamDefinition upstream) {
        return upstream.guarded() ? usersBreakers : breakers;
    }

    private RetryRegistry retriesOf(UpstreamDefinition upstream) {
        return upstream.guarded() ? usersRetries : retries;
    }

    private Tally tallyOf(String upstream) {
        return tallies.computeIfAbsent(upstream, name -> new Tally());
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

    private static CircuitBreakerConfig breakerConfig(UpstreamProperties.Breaker breaker) {
        return CircuitBreakerConfig.custom()
                .failureRateThreshold(breaker.failureRateThreshold())
                .slidingWindowSize(breaker.slidingWindowSize())
                .minimumNumberOfCalls(breaker.minimumNumberOfCalls())
                .waitDurationInOpenState(breaker.waitInOpen())
                .permittedNumberOfCallsInHalfOpenState(breaker.permittedCallsInHalfOpen())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                // Only a missing answer counts against an upstream: a JSON-RPC error is an answer.
                .recordException(error -> error instanceof UpstreamFailure)
                .ignoreException(error -> error instanceof GatewayError)
                .build();
    }

    private static RetryConfig retryConfig(UpstreamProperties.Retry retry) {
        var backoff = IntervalFunction.ofExponentialBackoff(retry.initialBackoff(), retry.multiplier());
        IntervalBiFunction<Object> withinDeadline = (attempt, outcome) -> {
            long wait = backoff.apply(attempt);
            if (outcome.isLeft() && outcome.getLeft() instanceof UpstreamFailure failure) {
                return Math.min(wait, failure.deadline().remaining().toMillis());
            }
            return wait;
        };
        return RetryConfig.custom()
                .maxAttempts(retry.maxAttempts())
                .intervalBiFunction(withinDeadline)
                .retryOnException(error -> error instanceof UpstreamFailure failure && failure.repeatable())
                .failAfterMaxAttempts(false)
                .build();
    }

    private static Duration sweepPeriod(Duration idleTimeout) {
        var half = idleTimeout.dividedBy(2);
        var floor = Duration.ofMillis(100);
        var ceiling = Duration.ofSeconds(30);
        return half.compareTo(floor) < 0 ? floor : half.compareTo(ceiling) > 0 ? ceiling : half;
    }
}
