package dev.hamcp.bridge.runtime.mcp.requestlog;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The log of calls through the gateway. {@link #record} never blocks: entries wait in a bounded
 * buffer and a background thread writes them in batches; rows past the retention are deleted.
 */
@Component
public class RequestLog implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RequestLog.class);
    /** How soon the writer notices it should stop, whatever the flush interval. */
    private static final long STOP_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private static final Duration STOP_WAIT = Duration.ofSeconds(8);

    private enum State {
        NEW,
        RUNNING,
        STOPPED
    }

    private final RequestLogProperties properties;
    private final RequestLogStore store;
    private final Clock clock;
    private final BlockingQueue<RequestLogEntry> buffer;
    private final Counter droppedBufferFull;
    private final Counter droppedWriteFailed;
    private final Counter droppedStopped;
    private final Counter written;
    private final List<CallObserver> observers;

    private volatile State state = State.NEW;
    /** Set while the writer sleeps out a batch's flush interval: a full batch wakes it early. */
    private volatile boolean batchFilling;

    private volatile Thread writer;
    private ScheduledExecutorService retention;

    @Autowired
    public RequestLog(
            RequestLogProperties properties,
            JdbcTemplate jdbc,
            MeterRegistry meters,
            ObjectProvider<CallObserver> observers) {
        this(
                properties,
                new JdbcRequestLogStore(jdbc),
                meters,
                Clock.systemUTC(),
                observers.orderedStream().toList());
    }

    RequestLog(RequestLogProperties properties, RequestLogStore store, MeterRegistry meters, Clock clock) {
        this(properties, store, meters, clock, List.of());
    }

    RequestLog(
            RequestLogProperties properties,
            RequestLogStore store,
            MeterRegistry meters,
            Clock clock,
            List<CallObserver> observers) {
        this.properties = properties;
        this.observers = List.copyOf(observers);
        this.store = store;
        this.clock = clock;
        this.buffer = new ArrayBlockingQueue<>(properties.bufferCapacity());
        this.droppedBufferFull = dropped(meters, "buffer-full");
        this.droppedWriteFailed = dropped(meters, "write-failed");
        this.droppedStopped = dropped(meters, "stopped");
        this.written = Counter.builder("bridge.request.log.written")
                .description("Request log entries written to the database")
                .register(meters);
        Gauge.builder("bridge.request.log.buffered", buffer, BlockingQueue::size)
                .description("Request log entries waiting to be written")
                .register(meters);
    }

    /**
     * Queues {@code entry} for writing and returns at once. When the buffer is full (the database is
     * slow or away) or the bridge is stopping, the entry is dropped and counted instead. The
     * {@link CallObserver}s (the live figures) are told of it first, whatever becomes of the entry.
     */
    public void record(RequestLogEntry entry) {
        for (var observer : observers) {
            observer.recorded(entry);
        }
        if (state == State.STOPPED) {
            droppedStopped.increment();
        } else if (!buffer.offer(entry)) {
            droppedBufferFull.increment();
        } else if (batchFilling && buffer.size() >= properties.batchSize()) {
            LockSupport.unpark(writer);
        }
    }

    @Override
    public synchronized void start() {
        if (state != State.NEW) {
            return;
        }
        state = State.RUNNING;
        writer = Thread.ofPlatform().name("request-log-writer").daemon(true).start(this::writeUntilStopped);
        retention = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("request-log-retention").daemon(true).factory());
        retention.scheduleWithFixedDelay(
                this::purgeExpiredQuietly, 0, properties.purgeInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops taking entries and writes what the buffer still holds before the database goes away. */
    @Override
    public synchronized void stop() {
        if (state != State.RUNNING) {
            state = State.STOPPED;
            return;
        }
        state = State.STOPPED;
        LockSupport.unpark(writer);
        retention.shutdown();
        try {
            writer.join(STOP_WAIT);
            retention.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            log.warn("The request log writer did not finish within {}; {} entries are lost", STOP_WAIT, buffer.size());
        }
    }

    @Override
    public boolean isRunning() {
        return state == State.RUNNING;
    }

    /** Stops after the web server (whose last requests still record) and before the DataSource closes. */
    @Override
    public int getPhase() {
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 2048;
    }

    /** What one purge did: the rows older than {@code cutoff} went, {@code rows} of them. */
    public record Purge(Instant cutoff, long rows) {}

    /** Deletes the rows past the retention now, as the retention job does on its own. */
    public Purge purgeExpired() {
        Instant cutoff = clock.instant().minus(properties.retention());
        long deleted = store.deleteOlderThan(cutoff);
        if (deleted > 0) {
            log.info("Deleted {} request log entries older than {}", deleted, cutoff);
        }
        return new Purge(cutoff, deleted);
    }

    /** How long rows are kept. */
    public Duration retention() {
        return properties.retention();
    }

    private void purgeExpiredQuietly() {
        try {
            purgeExpired();
        } catch (RuntimeException e) {
            // Next time, then; the message is enough (the statement carries no personal data).
            log.warn("Could not delete old request log entries: {}", e.getMessage());
        }
    }

    private void writeUntilStopped() {
        List<RequestLogEntry> batch = new ArrayList<>(properties.batchSize());
        while (state == State.RUNNING) {
            collect(batch);
            write(batch);
        }
        while (buffer.drainTo(batch, properties.batchSize()) > 0) {
            write(batch);
        }
    }

    /**
     * Fills {@code batch} until it holds a batch's worth, the flush interval has passed since its
     * first entry arrived, or the log is stopping.
     *
     * <p>Only the first entry of a batch wakes the writer. Waiting for the others on the queue
     * itself would wake it for nearly every entry (each offer signals a waiting taker): a context
     * switch per MCP call. It sleeps out the interval instead, and {@link #record} wakes it only
     * when a whole batch is waiting.
     */
    private void collect(List<RequestLogEntry> batch) {
        RequestLogEntry first =
                pollUntil(System.nanoTime() + properties.flushInterval().toNanos());
        if (first == null) {
            return;
        }
        batch.add(first);
        long deadline = System.nanoTime() + properties.flushInterval().toNanos();
        batchFilling = true;
        try {
            while (state == State.RUNNING) {
                buffer.drainTo(batch, properties.batchSize() - batch.size());
                long left = deadline - System.nanoTime();
                if (batch.size() >= properties.batchSize() || left <= 0) {
                    return;
                }
                if (buffer.size() < properties.batchSize() - batch.size()) {
                    LockSupport.parkNanos(this, Math.min(left, STOP_CHECK_NANOS));
                }
            }
        } finally {
            batchFilling = false;
        }
    }

    /** The next entry, or null once {@code deadline} has passed or the log is stopping. */
    private RequestLogEntry pollUntil(long deadline) {
        try {
            while (state == State.RUNNING) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                RequestLogEntry entry = buffer.poll(Math.min(left, STOP_CHECK_NANOS), TimeUnit.NANOSECONDS);
                if (entry != null) {
                    return entry;
                }
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void write(List<RequestLogEntry> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            store.insert(batch);
            written.increment(batch.size());
        } catch (RuntimeException e) {
            droppedWriteFailed.increment(batch.size());
            // Only the kind of failure: a batch statement's message can quote the rows' values.
            log.warn(
                    "Could not write {} request log entries ({})",
                    batch.size(),
                    e.getClass().getSimpleName());
        } finally {
            batch.clear();
        }
    }

    private static Counter dropped(MeterRegistry meters, String reason) {
        return Counter.builder("bridge.request.log.dropped")
                .description("Request log entries lost instead of slowing calls down")
                .tag("reason", reason)
                .register(meters);
    }
}
