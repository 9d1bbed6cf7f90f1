package dev.hamcp.bridge.runtime.monitor;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * This node's figures, one sample per second on a thread of its own: the calls that ended in the
 * second before (from {@link CallTally}) and the gauges read then ({@link NodeReadings}). Keeps the
 * last hour of seconds and the last day of minutes in memory (each minute rolled up from its
 * seconds as it ends), tells open streams of each sample at once, and holds the samples not yet
 * written for {@link MetricsWriter}: at most an hour of seconds and a day of minutes, the oldest
 * dropped first while the database is away.
 */
@Component
class NodeSampler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NodeSampler.class);
    /** A second is sampled this long after it ends, so calls recorded at its very end count in it. */
    static final long LAG_MILLIS = 250;

    private final CallTally tally;
    private final Supplier<NodeReadings.Reading> readings;
    private final Clock clock;
    private final String node;
    private final SampleRing seconds = new SampleRing(Resolution.SECOND.kept());
    private final SampleRing minutes = new SampleRing(Resolution.MINUTE.kept());
    private final Sinks.Many<Update> updates = Sinks.many().multicast().directBestEffort();
    private final ArrayDeque<Sample> unwrittenSeconds = new ArrayDeque<>();
    private final ArrayDeque<Sample> unwrittenMinutes = new ArrayDeque<>();

    // Touched by the sampling thread only.
    private long lastSampled = Long.MIN_VALUE;
    private long lastRateLimited = -1;
    private long minute = Long.MIN_VALUE;
    private final List<Sample> minuteSeconds = new ArrayList<>(60);
    private final long[] minuteLatencies = LatencyHistogram.empty();

    private ScheduledExecutorService sampler;

    @Autowired
    NodeSampler(CallTally tally, NodeReadings readings, NodeId node) {
        this(tally, readings, Clock.systemUTC(), node.id());
    }

    NodeSampler(CallTally tally, Supplier<NodeReadings.Reading> readings, Clock clock, String node) {
        this.tally = tally;
        this.readings = readings;
        this.clock = clock;
        this.node = node;
    }

    String node() {
        return node;
    }

    /** This node's samples at {@code resolution} from {@code fromAt} (epoch seconds) on, oldest first. */
    List<Sample> since(Resolution resolution, long fromAt) {
        return ring(resolution).since(fromAt);
    }

    Sample newest(Resolution resolution) {
        return ring(resolution).newest();
    }

    /** Every sample of this node from now on, as it is taken. */
    Flux<Update> updates() {
        return updates.asFlux();
    }

    /**
     * Samples every second that has ended since the last one sampled (at most {@link
     * CallTally#SLOTS} - 1 back: older calls are gone from the tally). Run by the sampling thread.
     */
    void tick() {
        long due = Math.floorDiv(clock.millis() - LAG_MILLIS, 1000) - 1;
        long from = Math.max(lastSampled + 1, due - (CallTally.SLOTS - 2));
        if (lastSampled == Long.MIN_VALUE) {
            from = due;
        }
        if (from > due) {
            return;
        }
        var reading = readings.get();
        for (long second = from; second <= due; second++) {
            sample(second, reading);
        }
        lastSampled = due;
    }

    private void sample(long at, NodeReadings.Reading reading) {
        var calls = tally.take(at);
        long rateLimited = lastRateLimited < 0 ? 0 : Math.max(0, reading.rateLimitedTotal() - lastRateLimited);
        lastRateLimited = reading.rateLimitedTotal();
        double[] q = LatencyHistogram.quantilesMillis(calls.latencies(), calls.slowestMicros(), 0.5, 0.95, 0.99);
        var sample = new Sample(
                at,
                calls.outcomes(),
                q == null ? Double.NaN : q[0],
                q == null ? Double.NaN : q[1],
                q == null ? Double.NaN : q[2],
                calls.empty() ? Double.NaN : calls.slowestMicros() / 1000.0,
                reading.queueDepth(),
                reading.inFlight(),
                rateLimited,
                reading.streamableSessions(),
                reading.legacySessions(),
                reading.heapUsed(),
                reading.heapMax(),
                reading.cpu(),
                reading.breakers(),
                reading.connectionsNotClosed());
        keep(Resolution.SECOND, sample);
        rollUp(sample, calls.latencies());
    }

    /** Adds the second to its minute; a minute is told once its last second is in (or a later one is). */
    private void rollUp(Sample second, long[] latencies) {
        long itsMinute = Math.floorDiv(second.at(), 60) * 60;
        if (itsMinute != minute) {
            endMinute();
            minute = itsMinute;
        }
        minuteSeconds.add(second);
        LatencyHistogram.add(minuteLatencies, latencies);
        if (Math.floorMod(second.at(), 60) == 59) {
            endMinute();
        }
    }

    private void endMinute() {
        if (minuteSeconds.isEmpty()) {
            return;
        }
        keep(Resolution.MINUTE, Sample.rollup(minute, minuteSeconds, minuteLatencies));
        minuteSeconds.clear();
        LatencyHistogram.clear(minuteLatencies);
    }

    private void keep(Resolution resolution, Sample sample) {
        if (!ring(resolution).add(sample)) {
            return;
        }
        var unwritten = resolution == Resolution.SECOND ? unwrittenSeconds : unwrittenMinutes;
        synchronized (unwritten) {
            unwritten.addLast(sample);
            while (unwritten.size() > resolution.kept()) {
                unwritten.removeFirst();
            }
        }
        synchronized (updates) {
            updates.tryEmitNext(new Update(node, resolution, sample));
        }
    }

    /** The samples not yet written, oldest first. */
    List<Sample> unwritten(Resolution resolution) {
        var unwritten = resolution == Resolution.SECOND ? unwrittenSeconds : unwrittenMinutes;
        synchronized (unwritten) {
            return List.copyOf(unwritten);
        }
    }

    /** Forgets the unwritten samples up to {@code at}, now that they are written. */
    void written(Resolution resolution, long at) {
        var unwritten = resolution == Resolution.SECOND ? unwrittenSeconds : unwrittenMinutes;
        synchronized (unwritten) {
            while (!unwritten.isEmpty() && unwritten.peekFirst().at() <= at) {
                unwritten.removeFirst();
            }
        }
    }

    private SampleRing ring(Resolution resolution) {
        return resolution == Resolution.SECOND ? seconds : minutes;
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            // The next second tries again; one line, the figures hold nothing worth more.
            log.warn("Could not sample this node's figures ({})", e.getClass().getSimpleName());
        }
    }

    @Override
    public synchronized void start() {
        if (sampler != null) {
            return;
        }
        sampler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("live-metrics-sampler").daemon(true).factory());
        long now = clock.millis();
        long firstDelay = 1000 - Math.floorMod(now, 1000) + LAG_MILLIS;
        sampler.scheduleAtFixedRate(this::tickQuietly, firstDelay, 1000, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (sampler == null) {
            return;
        }
        sampler.shutdownNow();
        try {
            sampler.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sampler = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return sampler != null;
    }
}
