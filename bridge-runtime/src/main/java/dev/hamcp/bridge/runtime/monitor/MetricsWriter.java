package dev.hamcp.bridge.runtime.monitor;

import dev.hamcp.bridge.runtime.database.PeriodicFlush;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Writes this node's new samples to {@code node_metrics} every {@code bridge.monitor.write-interval},
 * in one batch per resolution, and deletes rows past their retention every
 * {@code bridge.monitor.purge-interval}: seconds after an hour, minutes after a day. A batch that
 * cannot be written stays with the sampler (bounded) and goes with the next one.
 */
@Component
class MetricsWriter extends PeriodicFlush {

    private static final Logger log = LoggerFactory.getLogger(MetricsWriter.class);
    /** Rows are kept a little past what the figures show, so a window's oldest point is always there. */
    static final Duration MARGIN = Duration.ofMinutes(5);

    private final NodeSampler sampler;
    private final MetricsTable table;
    private final MonitorProperties properties;
    private final Clock clock;
    private Instant lastPurge = Instant.MIN;

    @Autowired
    MetricsWriter(NodeSampler sampler, MetricsTable table, MonitorProperties properties) {
        this(sampler, table, properties, Clock.systemUTC());
    }

    MetricsWriter(NodeSampler sampler, MetricsTable table, MonitorProperties properties, Clock clock) {
        super("live-metrics-writer", "live metrics");
        this.sampler = sampler;
        this.table = table;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    protected synchronized void flush() {
        for (var resolution : Resolution.values()) {
            var samples = sampler.unwritten(resolution);
            if (!samples.isEmpty()) {
                table.insert(sampler.node(), resolution, samples);
                sampler.written(resolution, samples.getLast().at());
            }
        }
        var now = clock.instant();
        if (Duration.between(lastPurge, now).compareTo(properties.purgeInterval()) >= 0) {
            lastPurge = now;
            int deleted = table.purge(
                    now.minusSeconds(Resolution.SECOND.span()).minus(MARGIN),
                    now.minusSeconds(Resolution.MINUTE.span()).minus(MARGIN));
            if (deleted > 0) {
                log.debug("Deleted {} live metrics rows past their retention", deleted);
            }
        }
    }

    @Override
    protected Duration interval() {
        return properties.writeInterval();
    }
}
