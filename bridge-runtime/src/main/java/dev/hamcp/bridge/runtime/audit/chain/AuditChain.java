package dev.hamcp.bridge.runtime.audit.chain;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the chain on this node: a thread of its own that chains new events every poll interval
 * (at once after this node's own appends commit), measures the lag, and a schedule that signs a
 * checkpoint when the chain grew. Nothing here runs in, or waits for, a command.
 */
final class AuditChain implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditChain.class);

    private final AuditChainProperties properties;
    private final ChainWriter writer;
    private final Checkpoints checkpoints;

    private volatile boolean running;
    private volatile Thread thread;
    private volatile long lagEvents;
    private volatile double lagSeconds;
    private ScheduledExecutorService schedule;

    AuditChain(AuditChainProperties properties, ChainWriter writer, Checkpoints checkpoints, MeterRegistry meters) {
        this.properties = properties;
        this.writer = writer;
        this.checkpoints = checkpoints;
        Gauge.builder("bridge.audit.chain.lag.events", this, chain -> chain.lagEvents)
                .description("Committed events the audit chain does not cover yet")
                .register(meters);
        Gauge.builder("bridge.audit.chain.lag.seconds", this, chain -> chain.lagSeconds)
                .description("How long the oldest event the audit chain does not cover has waited")
                .baseUnit("seconds")
                .register(meters);
    }

    /**
     * Called as this node appends events: wakes the writer once the appending transaction has
     * committed (earlier it would see nothing). Costs a command one callback registration.
     */
    void appended() {
        if (!CurrentUnitOfWork.isStarted()) {
            wake();
            return;
        }
        try {
            CurrentUnitOfWork.get().root().afterCommit(unitOfWork -> wake());
        } catch (IllegalStateException pastCommit) {
            wake();
        }
    }

    private void wake() {
        Thread writerThread = thread;
        if (writerThread != null) {
            LockSupport.unpark(writerThread);
        }
    }

    @Override
    public synchronized void start() {
        if (running || !properties.enabled()) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("audit-chain-writer").daemon(true).start(this::chainUntilStopped);
        schedule = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("audit-checkpoints").daemon(true).factory());
        long every = properties.checkpointInterval().toMillis();
        schedule.scheduleWithFixedDelay(this::checkpointQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        LockSupport.unpark(thread);
        schedule.shutdownNow();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops with the request log, before the DataSource closes. */
    @Override
    public int getPhase() {
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 2048;
    }

    private void chainUntilStopped() {
        while (running) {
            boolean more = false;
            try {
                var progress = writer.chainOnce();
                more = !progress.standby() && progress.full(properties.batchSize());
                if (!more) {
                    var lag = writer.lag();
                    lagEvents = lag.events();
                    lagSeconds = lag.behind().toMillis() / 1000.0;
                }
            } catch (SQLException | RuntimeException e) {
                // The kind of failure only: a statement's message can quote the rows' values.
                if (running) {
                    log.warn(
                            "Could not extend the audit chain ({}); trying again",
                            e.getClass().getSimpleName());
                }
            }
            if (!more && running) {
                LockSupport.parkNanos(this, properties.pollInterval().toNanos());
            }
        }
    }

    private void checkpointQuietly() {
        try {
            checkpoints.checkpointIfGrown();
        } catch (RuntimeException e) {
            log.warn(
                    "Could not sign an audit checkpoint ({}); trying at the next interval",
                    e.getClass().getSimpleName());
        }
    }
}
