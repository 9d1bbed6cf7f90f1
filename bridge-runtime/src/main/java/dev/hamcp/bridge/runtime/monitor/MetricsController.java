package dev.hamcp.bridge.runtime.monitor;

import dev.hamcp.bridge.runtime.security.BridgePrincipal;
import dev.hamcp.bridge.runtime.web.ApiException;
import dev.hamcp.bridge.runtime.web.QueryParameters;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Live page's figures for administrators (security lets only them reach {@code /admin/**}):
 * {@code GET /admin/metrics} answers a window, {@code window=hour} second by second (the default)
 * or {@code window=day} minute by minute, for the whole installation or one {@code node}; {@code
 * GET /admin/metrics/stream} sends that answer as its first event ({@code snapshot}), then every
 * node's new samples ({@code second}, {@code minute}) as they come. Reads change nothing, so they
 * record no event. A stream lasts at most {@code bridge.live.most-stream-life} and an
 * administrator may hold {@link #MOST_STREAMS} at once, as the dashboard's own live stream.
 */
@RestController
@RequestMapping("/admin/metrics")
class MetricsController {

    static final int MOST_STREAMS = 4;
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    /** Samples held for a stream while its snapshot is read; more (a stalled read) lose the oldest. */
    static final int MOST_HELD = 256;

    private static final List<String> PARAMETERS = List.of("window", "node");

    private final LiveMetrics metrics;
    private final JsonMapper json;
    private final Duration mostLife;
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();

    MetricsController(
            LiveMetrics metrics, JsonMapper json, @Value("${bridge.live.most-stream-life:10m}") Duration mostLife) {
        this.metrics = metrics;
        this.json = json;
        this.mostLife = mostLife;
    }

    /** What one query asks for. */
    private record Query(Resolution resolution, String node) {
        static Query of(MultiValueMap<String, String> given) {
            var params = QueryParameters.of(given, PARAMETERS);
            String window = params.text("window");
            var resolution =
                    switch (window == null ? "hour" : window) {
                        case "hour" -> Resolution.SECOND;
                        case "day" -> Resolution.MINUTE;
                        default -> throw QueryParameters.invalid("window", "hour or day");
                    };
            String node = params.text("node", 64);
            if (node != null && !NodeId.isValid(node)) {
                throw QueryParameters.invalid("node", "a node id: letters, digits, '.', '_' or '-'");
            }
            return new Query(resolution, node);
        }
    }

    @GetMapping
    Mono<LiveMetrics.Answer> figures(@RequestParam MultiValueMap<String, String> query) {
        var asked = Query.of(query);
        return answer(asked);
    }

    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<String>> stream(
            @RequestParam MultiValueMap<String, String> query, @AuthenticationPrincipal BridgePrincipal principal) {
        // Read before a stream is counted: a refused request must not hold one of the streams.
        var asked = Query.of(query);
        var count = open.computeIfAbsent(principal.userId(), id -> new AtomicInteger());
        if (count.incrementAndGet() > MOST_STREAMS) {
            count.decrementAndGet();
            throw ApiException.rateLimited(
                    "You have " + MOST_STREAMS + " metrics streams open already; close one first.",
                    KEEP_ALIVE.toSeconds());
        }
        var told = new ConcurrentHashMap<String, Long>();
        Flux<ServerSentEvent<String>> snapshot = answer(asked)
                .doOnNext(answer -> answer.nodes().stream()
                        .filter(node -> node.lastSampleAt() != null)
                        .forEach(node -> told.put(key(Resolution.SECOND, node.id()), node.lastSampleAt() / 1000)))
                .map(answer -> event("snapshot", answer))
                .flux();
        Flux<ServerSentEvent<String>> keepAlive = Flux.interval(KEEP_ALIVE)
                .map(tick ->
                        ServerSentEvent.<String>builder().comment("keep-alive").build());
        return Flux.defer(() -> {
                    // Listening before the snapshot is read, so that no sample falls between the two;
                    // what came meanwhile follows the snapshot, less what it told already.
                    var updates = metrics.updates().replay(MOST_HELD);
                    var listening = updates.connect();
                    Flux<ServerSentEvent<String>> samples = updates.filter(update -> isNew(told, update))
                            .map(update -> event(
                                    update.resolution() == Resolution.SECOND ? "second" : "minute",
                                    Map.of(
                                            "node",
                                            update.node(),
                                            "point",
                                            update.sample().point())));
                    return Flux.concat(snapshot, Flux.merge(samples, keepAlive))
                            .doFinally(signal -> listening.dispose());
                })
                .take(mostLife)
                .doFinally(signal -> count.decrementAndGet());
    }

    private Mono<LiveMetrics.Answer> answer(Query asked) {
        return Mono.fromCallable(() -> metrics.answer(asked.resolution(), asked.node()))
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** Whether the stream has not told of this period of this node yet; remembers that it has now. */
    private static boolean isNew(Map<String, Long> told, Update update) {
        var key = key(update.resolution(), update.node());
        Long before = told.get(key);
        if (before != null && before >= update.sample().at()) {
            return false;
        }
        told.put(key, update.sample().at());
        return true;
    }

    private static String key(Resolution resolution, String node) {
        return resolution + " " + node;
    }

    private ServerSentEvent<String> event(String name, Object data) {
        return ServerSentEvent.<String>builder()
                .event(name)
                .data(json.writeValueAsString(data))
                .build();
    }
}
