package dev.hamcp.bridge.runtime.rebuild;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the read models kept in PostgreSQL on a running node: resets the streaming processors
 * whose tokens the database stores (each projection's reset handler empties its tables) and lets
 * them replay the whole store, with progress to watch. The node-local views (access view, upstream
 * registry, live changes, security limits) keep their tokens in memory and are rebuilt at every
 * start, so they are left alone: blanking them would refuse every request until they caught up.
 */
@Component
public class ReadModelRebuild {

    /** One processor's place in the store: the lowest position its segments have reached. */
    public record ProcessorProgress(String name, long position, boolean caughtUp) {}

    /**
     * Where a rebuild is: {@code idle} (none since this node started), {@code running} or
     * {@code done}; positions of the event store, and the rate so far.
     */
    public record Progress(
            String state,
            String requestedBy,
            Instant startedAt,
            Instant finishedAt,
            long headPosition,
            long positionReached,
            double eventsPerSecond,
            List<ProcessorProgress> processors) {}

    private static final Logger log = LoggerFactory.getLogger(ReadModelRebuild.class);
    private static final Duration WATCH = Duration.ofMillis(100);

    private final Configuration axon;
    private final JdbcTemplate jdbc;

    private volatile Run run;

    /** One rebuild: who asked, when, the head it must reach, and when it got there. */
    private record Run(String requestedBy, Instant startedAt, long startedNanos, long headPosition, Finish finish) {}

    private static final class Finish {
        volatile Instant at;
        volatile long tookNanos;
    }

    ReadModelRebuild(Configuration axon, DataSource dataSource) {
        this.axon = axon;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Starts a rebuild unless one is running (then answers that one's progress). Blocks while the processors stop. */
    public synchronized Progress start(String requestedBy) {
        var current = run;
        if (current != null && current.finish().at == null) {
            return progress();
        }
        var next = new Run(requestedBy, Instant.now(), System.nanoTime(), head(), new Finish());
        for (var processor : persistentProcessors()) {
            processor.shutDown();
            processor.resetTokens();
            processor.start();
        }
        run = next;
        Thread.ofVirtual().name("read-model-rebuild").start(() -> watch(next));
        return progress();
    }

    /** The current or latest rebuild's progress. */
    public Progress progress() {
        var current = run;
        var processors = persistentProcessors().stream()
                .map(ReadModelRebuild::progressOf)
                .toList();
        long reached =
                processors.stream().mapToLong(ProcessorProgress::position).min().orElse(0);
        if (current == null) {
            return new Progress("idle", null, null, null, head(), reached, 0, processors);
        }
        var finished = current.finish().at;
        long nanos = finished != null ? current.finish().tookNanos : System.nanoTime() - current.startedNanos();
        long done = Math.min(reached, finished != null ? current.headPosition() : reached);
        double rate = nanos <= 0 ? 0 : done * 1e9 / nanos;
        return new Progress(
                finished == null ? "running" : "done",
                current.requestedBy(),
                current.startedAt(),
                finished,
                current.headPosition(),
                reached,
                Math.round(rate * 10) / 10.0,
                processors);
    }

    /** Whether every persistent processor has replayed up to {@code headPosition}: also what a restore waits for. */
    public boolean caughtUpTo(long headPosition) {
        var processors = persistentProcessors();
        return processors.stream().allMatch(processor -> replayed(processor, headPosition));
    }

    /** The streaming processors whose tokens the database keeps: those that own read-model tables. */
    public List<StreamingEventProcessor> persistentProcessors() {
        var processing = axon.eventProcessingConfiguration();
        return processing.eventProcessors().entrySet().stream()
                .filter(entry -> entry.getValue() instanceof StreamingEventProcessor)
                .filter(entry -> !(processing.tokenStore(entry.getKey()) instanceof InMemoryTokenStore))
                .map(entry -> (StreamingEventProcessor) entry.getValue())
                .sorted(java.util.Comparator.comparing(StreamingEventProcessor::getName))
                .toList();
    }

    public long head() {
        return jdbc.queryForObject("SELECT coalesce(max(global_index), 0) FROM domain_event_entry", Long.class);
    }

    private void watch(Run watched) {
        try {
            while (!caughtUpTo(watched.headPosition())) {
                Thread.sleep(WATCH);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        watched.finish().tookNanos = System.nanoTime() - watched.startedNanos();
        watched.finish().at = Instant.now();
        long millis = Math.max(1, watched.finish().tookNanos / 1_000_000);
        log.info(
                "Rebuilt the read models up to position {} in {} ms ({} events/s)",
                watched.headPosition(),
                millis,
                watched.headPosition() * 1000 / millis);
    }

    private static ProcessorProgress progressOf(StreamingEventProcessor processor) {
        var status = processor.processingStatus();
        long position = status.isEmpty()
                ? 0
                : status.values().stream()
                        .mapToLong(s -> s.getCurrentPosition().orElse(0))
                        .min()
                        .orElse(0);
        boolean caughtUp = !status.isEmpty() && status.values().stream().allMatch(EventTrackerStatus::isCaughtUp);
        return new ProcessorProgress(processor.getName(), position, caughtUp);
    }

    /** A segment that sees no event after the reset keeps its replay flag: judge by position, as ReplayTest does. */
    private static boolean replayed(StreamingEventProcessor processor, long headPosition) {
        var status = processor.processingStatus();
        return !status.isEmpty()
                && status.values().stream()
                        .allMatch(s -> s.isCaughtUp()
                                && s.getCurrentPosition().orElse(-1) >= headPosition
                                && s.getCurrentPosition().orElse(-1)
                                        >= s.getResetPosition().orElse(-1));
    }
}
