package dev.hamcp.bridge.runtime.monitor;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.runtime.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The installation's figures as the Live page reads them: this node's from memory, the other
 * nodes' from {@code node_metrics}, each node's series and the whole installation's (see {@link
 * Sample#combine}); and every node's new samples as they come, this node's at once and the
 * others' as a reader that runs only while a stream is open finds them in the table.
 */
@Component
class LiveMetrics {

    private static final Logger log = LoggerFactory.getLogger(LiveMetrics.class);
    /** A node whose newest second is older than this is shown but no longer counted as running. */
    static final Duration LIVE = Duration.ofSeconds(30);
    /** Rows written this long before the last read are looked at again: a batch may commit late. */
    static final Duration LOOK_BACK = Duration.ofSeconds(30);

    /** One node in an answer; {@code current} is its newest second, null when it has none. */
    record Node(String id, boolean self, boolean live, Long lastSampleAt, Map<String, Object> current) {}

    /**
     * An answer for one window.
     *
     * @param node the node whose series this is; null for the whole installation
     * @param complete false when the other nodes' figures could not be read (this node's only)
     */
    record Answer(
            String answeredBy,
            String window,
            int resolutionSeconds,
            String node,
            boolean complete,
            List<Node> nodes,
            List<Map<String, Object>> series,
            Map<String, Object> current) {}

    private final NodeSampler local;
    private final MetricsTable table;
    private final Clock clock;
    private final Flux<Update> others;
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private volatile Instant lastRead;

    @Autowired
    LiveMetrics(NodeSampler local, MetricsTable table, MonitorProperties properties) {
        this(local, table, properties, Clock.systemUTC());
    }

    LiveMetrics(NodeSampler local, MetricsTable table, MonitorProperties properties, Clock clock) {
        this.local = local;
        this.table = table;
        this.clock = clock;
        this.others = Flux.interval(Duration.ZERO, properties.readInterval())
                .onBackpressureDrop()
                .concatMap(
                        tick -> Mono.fromCallable(this::readOthers)
                                .subscribeOn(Schedulers.boundedElastic())
                                .flatMapIterable(updates -> updates)
                                .onErrorResume(error -> {
                                    // The next read tries again; a stream must not end for one failed read.
                                    log.warn(
                                            "Could not read the other nodes' new live metrics ({})",
                                            error.getClass().getSimpleName());
                                    return Flux.empty();
                                }),
                        1)
                .share();
    }

    /** Every node's samples from now on: this node's as they are taken, the others' as they are read. */
    Flux<Update> updates() {
        return Flux.merge(local.updates(), others);
    }

    /** The figures of {@code window} ({@code node} null: the whole installation); blocking. */
    Answer answer(Resolution resolution, String node) {
        long now = clock.instant().getEpochSecond();
        long from = now - resolution.span();
        var byNode = new TreeMap<String, List<Sample>>();
        var newestSeconds = new TreeMap<String, Sample>();
        boolean complete = true;
        try {
            byNode.putAll(table.since(resolution, Instant.ofEpochSecond(from), local.node()));
            var recent = resolution == Resolution.SECOND
                    ? byNode
                    : table.since(Resolution.SECOND, Instant.ofEpochSecond(now - LIVE.toSeconds()), local.node());
            recent.forEach((id, samples) -> newestSeconds.put(id, samples.getLast()));
        } catch (DataAccessException e) {
            complete = false;
            log.warn(
                    "Could not read the other nodes' live metrics ({})",
                    e.getClass().getSimpleName());
        }
        byNode.put(local.node(), local.since(resolution, from));
        var own = local.newest(Resolution.SECOND);
        if (own != null) {
            newestSeconds.put(local.node(), own);
        }
        if (node != null && !byNode.containsKey(node)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "No node of that id has figures in this window.");
        }
        var nodes = nodes(byNode.keySet(), newestSeconds, now);
        List<Map<String, Object>> series;
        Map<String, Object> current;
        if (node != null) {
            series = byNode.get(node).stream().map(Sample::point).toList();
            var newest = newestSeconds.get(node);
            current = newest == null ? null : newest.point();
        } else {
            series = whole(byNode.values());
            current = wholeNow(nodes, newestSeconds);
        }
        return new Answer(
                local.node(),
                resolution == Resolution.SECOND ? "hour" : "day",
                resolution.seconds(),
                node,
                complete,
                nodes,
                series,
                current);
    }

    private List<Node> nodes(Iterable<String> ids, Map<String, Sample> newestSeconds, long now) {
        var nodes = new ArrayList<Node>();
        for (var id : ids) {
            var newest = newestSeconds.get(id);
            boolean live = newest != null && now - newest.at() <= LIVE.toSeconds();
            nodes.add(new Node(
                    id,
                    id.equals(local.node()),
                    live,
                    newest == null ? null : newest.at() * 1000,
                    newest == null ? null : newest.point()));
        }
        nodes.sort(Comparator.comparing((Node n) -> !n.self()).thenComparing(Node::id));
        return nodes;
    }

    /** The nodes' series combined period by period; each point says how many nodes it holds. */
    static List<Map<String, Object>> whole(Iterable<List<Sample>> nodes) {
        var byPeriod = new TreeMap<Long, List<Sample>>();
        for (var samples : nodes) {
            for (var sample : samples) {
                byPeriod.computeIfAbsent(sample.at(), at -> new ArrayList<>()).add(sample);
            }
        }
        var series = new ArrayList<Map<String, Object>>(byPeriod.size());
        byPeriod.forEach((at, samples) -> {
            var point = Sample.combine(at, samples).point();
            point.put("nodes", samples.size());
            series.add(point);
        });
        return series;
    }

    /** The running nodes' newest seconds combined, at the newest of them. */
    private static Map<String, Object> wholeNow(List<Node> nodes, Map<String, Sample> newestSeconds) {
        var running = nodes.stream()
                .filter(Node::live)
                .map(node -> newestSeconds.get(node.id()))
                .toList();
        if (running.isEmpty()) {
            return null;
        }
        long at = running.stream().mapToLong(Sample::at).max().orElseThrow();
        var point = Sample.combine(at, running).point();
        point.put("nodes", running.size());
        return point;
    }

    /** The other nodes' samples written since the last read, each told once, oldest first. */
    private List<Update> readOthers() {
        Instant now = table.now();
        Instant since = lastRead == null ? now.minus(LOOK_BACK) : lastRead.minus(LOOK_BACK);
        lastRead = now;
        var found = new ArrayList<Update>();
        for (var row : table.writtenSince(since, local.node())) {
            found.add(new Update(row.node(), row.resolution(), row.sample()));
        }
        found.sort(Comparator.comparingLong((Update update) -> update.sample().at()));
        var fresh = new ArrayList<Update>();
        for (var update : found) {
            String key = update.resolution() + " " + update.node();
            if (seen.getOrDefault(key, Long.MIN_VALUE) < update.sample().at()) {
                seen.put(key, update.sample().at());
                fresh.add(update);
            }
        }
        return fresh;
    }
}
