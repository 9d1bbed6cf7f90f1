package dev.hamcp.bridge.runtime.audit.access;

import dev.hamcp.bridge.query.history.AccessHistory;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps the access history's snapshots up with the store, every
 * {@code bridge.audit.access-snapshot-interval} (a minute by default), on a thread of its own:
 * never inside a command, never on the event loop.
 */
@Component
class AccessSnapshotJob implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AccessSnapshotJob.class);

    private final AccessHistory history;
    private final Duration interval;
    private final Clock clock = Clock.systemUTC();
    private ScheduledExecutorService executor;

    AccessSnapshotJob(AccessHistory history, @Value("${bridge.audit.access-snapshot-interval:1m}") Duration interval) {
        this.history = history;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("access-snapshots").daemon(true).factory());
        executor.scheduleWithFixedDelay(
                this::takeQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void takeQuietly() {
        try {
            int written = history.takeSnapshots(clock.instant());
            if (written > 0) {
                log.info("Took {} access history snapshot(s)", written);
            }
        } catch (RuntimeException e) {
            // Next time, then: answers only read more events meanwhile.
            log.warn("Could not take access history snapshots: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
