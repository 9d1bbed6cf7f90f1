package dev.hamcp.bridge.runtime.mcp.requestlog;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The request log ({@code bridge.request-log.*}).
 *
 * @param bufferCapacity entries held in memory waiting to be written; when full, new ones are dropped and counted
 * @param batchSize a batch is written as soon as it has this many entries
 * @param flushInterval ...or at the latest this long after its first entry arrived
 * @param retention rows older than this are deleted
 * @param purgeInterval how often old rows are deleted (also once at start)
 */
@ConfigurationProperties("bridge.request-log")
public record RequestLogProperties(
        @DefaultValue("10000") int bufferCapacity,
        @DefaultValue("500") int batchSize,
        @DefaultValue("200ms") Duration flushInterval,
        @DefaultValue("30d") Duration retention,
        @DefaultValue("1h") Duration purgeInterval) {

    public RequestLogProperties {
        if (bufferCapacity < 1) {
            throw new IllegalArgumentException("bridge.request-log.buffer-capacity must be at least 1");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("bridge.request-log.batch-size must be at least 1");
        }
        if (!isPositive(flushInterval)) {
            throw new IllegalArgumentException("bridge.request-log.flush-interval must be positive");
        }
        if (!isPositive(retention)) {
            throw new IllegalArgumentException("bridge.request-log.retention must be positive");
        }
        if (!isPositive(purgeInterval)) {
            throw new IllegalArgumentException("bridge.request-log.purge-interval must be positive");
        }
    }

    private static boolean isPositive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }
}
