package dev.hamcp.bridge.runtime.monitor;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The live figures ({@code bridge.monitor.*}, docs/monitoring.md).
 *
 * @param nodeId this node's name among the installation's nodes, unique and stable across restarts;
 *     empty: the host name (the container's, in a compose file or a Kubernetes pod)
 * @param writeInterval how often this node writes its new samples to the database
 * @param readInterval how often an open stream looks for other nodes' new samples
 * @param purgeInterval how often rows past their retention (an hour of seconds, a day of minutes) are deleted
 */
@ConfigurationProperties("bridge.monitor")
record MonitorProperties(
        @DefaultValue("") String nodeId,
        @DefaultValue("10s") Duration writeInterval,
        @DefaultValue("2s") Duration readInterval,
        @DefaultValue("10m") Duration purgeInterval) {

    MonitorProperties {
        if (!nodeId.isEmpty() && !NodeId.isValid(nodeId)) {
            throw new IllegalArgumentException(
                    "bridge.monitor.node-id must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        for (var interval : new Duration[] {writeInterval, readInterval, purgeInterval}) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("bridge.monitor intervals must be positive");
            }
        }
    }
}
