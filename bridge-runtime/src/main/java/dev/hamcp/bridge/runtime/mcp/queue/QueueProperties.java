package dev.hamcp.bridge.runtime.mcp.queue;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gateway's call queue ({@code bridge.queue.*}).
 *
 * @param capacity how many calls may wait for a slot; one more is refused as overloaded
 * @param maxInFlight how many calls may run upstream at once, over all users
 * @param timeout how long a call may take from the moment it is submitted, waiting included
 */
@ConfigurationProperties("bridge.queue")
public record QueueProperties(
        @DefaultValue("256") int capacity,
        @DefaultValue("16") int maxInFlight,
        @DefaultValue("30s") Duration timeout) {

    public QueueProperties {
        if (capacity < 1) {
            throw new IllegalArgumentException("bridge.queue.capacity must be at least 1");
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("bridge.queue.max-in-flight must be at least 1");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("bridge.queue.timeout must be positive");
        }
    }
}
