package dev.hamcp.bridge.runtime.database;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

/**
 * Counts kept in memory off the hot path and written in batches: every {@code interval} on a
 * thread of their own, and once more at shutdown, after the web server (whose last requests still
 * count) and before the DataSource closes. A batch that cannot be written is lost with one line
 * naming the kind of failure, never its data.
 */
public abstract class PeriodicFlush implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PeriodicFlush.class);

    private final String threadName;
    private final String what;
    private ScheduledExecutorService flusher;

    /** A flush on thread {@code threadName}; {@code what} names what it writes in a failure's log line. */
    protected PeriodicFlush(String threadName, String what) {
        this.threadName = threadName;
        this.what = what;
    }

    /** Writes what was counted since the last flush. */
    protected abstract void flush();

    /** How often {@link #flush} runs. */
    protected abstract Duration interval();

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("Could not write {} ({})", what, e.getClass().getSimpleName());
        }
    }

    @Override
    public synchronized void start() {
        flusher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name(threadName).daemon(true).factory());
        long every = interval().toMillis();
        flusher.scheduleWithFixedDelay(this::flushQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** Writes the last counts before the database goes away. */
    @Override
    public synchronized void stop() {
        if (flusher == null) {
            return;
        }
        flusher.shutdown();
        try {
            flusher.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flusher = null;
        flushQuietly();
    }

    @Override
    public synchronized boolean isRunning() {
        return flusher != null;
    }

    /** Stops after the web server, like the request log, and before the DataSource closes. */
    @Override
    public int getPhase() {
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 2048;
    }
}
