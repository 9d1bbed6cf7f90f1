package dev.hamcp.bridge.runtime.monitor;

import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDefinition;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDirectory;
import dev.hamcp.bridge.runtime.mcp.gateway.Upstreams;
import dev.hamcp.bridge.runtime.mcp.queue.CallQueue;
import dev.hamcp.bridge.runtime.mcp.transport.OpenSessions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The gauges of this node now, read from what the gateway keeps anyway: the call queue, the rate
 * limiter's refusal counters, the open MCP sessions, the upstreams' breakers, the JVM's heap and
 * the process's CPU. Read once a second by the sampler, never on a call's path.
 */
@Component
class NodeReadings implements Supplier<NodeReadings.Reading> {

    /** The gauges at one moment; {@code rateLimitedTotal} is a counter since start. */
    record Reading(
            int queueDepth,
            int inFlight,
            long rateLimitedTotal,
            long streamableSessions,
            long legacySessions,
            long heapUsed,
            long heapMax,
            double cpu,
            Map<String, String> breakers,
            int connectionsNotClosed) {}

    private static final Set<String> MCP_BUDGETS = Set.of("user", "token");

    private final CallQueue queue;
    private final MeterRegistry meters;
    private final OpenSessions sessions;
    private final Upstreams upstreams;
    private final List<UpstreamDirectory> directories;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class);
    private Map<String, String> lastBreakers = Map.of();

    NodeReadings(
            CallQueue queue,
            MeterRegistry meters,
            OpenSessions sessions,
            Upstreams upstreams,
            List<UpstreamDirectory> directories) {
        this.queue = queue;
        this.meters = meters;
        this.sessions = sessions;
        this.upstreams = upstreams;
        this.directories = directories;
    }

    @Override
    public Reading get() {
        var heap = memory.getHeapMemoryUsage();
        double cpu = os == null ? Double.NaN : os.getProcessCpuLoad();
        var personal = personalUpstreams();
        var breakers = new TreeMap<String, String>();
        int connectionsNotClosed = 0;
        for (var upstream : upstreams.status()) {
            if (!personal.contains(upstream.name())) {
                breakers.put(upstream.name(), upstream.breakerState());
            } else if (!"CLOSED".equals(upstream.breakerState())) {
                connectionsNotClosed++;
            }
        }
        return new Reading(
                queue.depth(),
                queue.inFlight(),
                rateLimitedTotal(),
                sessions.streamableHttp(),
                sessions.legacySse(),
                heap.getUsed(),
                heap.getMax() > 0 ? heap.getMax() : heap.getCommitted(),
                cpu < 0 ? Double.NaN : cpu,
                unchangedOr(breakers),
                connectionsNotClosed);
    }

    /** MCP requests refused by a user's or a token's budget since start (other budgets guard sign-in and such). */
    private long rateLimitedTotal() {
        double total = 0;
        for (Counter counter : meters.find("bridge.rate.limit.refused").counters()) {
            if (MCP_BUDGETS.contains(counter.getId().getTag("scope"))) {
                total += counter.count();
            }
        }
        return (long) total;
    }

    /** Users' own connections: their names carry the connection's id, so they are only counted. */
    private Set<String> personalUpstreams() {
        var names = new HashSet<String>();
        for (var directory : directories) {
            for (UpstreamDefinition upstream : directory.all()) {
                if (upstream.guarded()) {
                    names.add(upstream.name());
                }
            }
        }
        return names;
    }

    /** The same map as last second's when nothing changed, so an hour of samples shares one. */
    private Map<String, String> unchangedOr(Map<String, String> breakers) {
        if (!breakers.equals(lastBreakers)) {
            lastBreakers = Map.copyOf(breakers);
        }
        return lastBreakers;
    }
}
