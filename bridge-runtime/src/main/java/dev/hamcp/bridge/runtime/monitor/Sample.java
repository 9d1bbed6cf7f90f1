package dev.hamcp.bridge.runtime.monitor;

import dev.hamcp.bridge.runtime.mcp.requestlog.RequestOutcome;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one node did in one second, or in one minute (a rollup of its seconds), or what the whole
 * installation did (a combination of its nodes' figures for the same period). Never a user, a
 * token or a secret: counts, latencies, gauges and the shared upstreams' breaker states.
 *
 * @param at the period's start, in epoch seconds
 * @param outcomes tool calls that ended in the period, by {@link RequestOutcome} ordinal
 * @param p50 latency percentiles of those calls, milliseconds; NaN when there were none
 * @param maxLatency the slowest of them, milliseconds; NaN when there were none
 * @param queueDepth calls waiting for a slot (a rollup or combination: see {@link #rollup}, {@link #combine})
 * @param inFlight calls running upstream
 * @param rateLimitedRequests MCP requests (tool calls and tool lists) a user's or token's budget refused
 * @param streamableSessions open Streamable HTTP sessions
 * @param legacySessions open legacy HTTP+SSE streams
 * @param heapUsed JVM heap in use, bytes
 * @param heapMax JVM heap the node may grow to, bytes
 * @param cpu the process's share of the machine's CPU, 0 to 1; NaN when unknown
 * @param breakers each shared upstream's circuit breaker state, by upstream name
 * @param connectionsNotClosed users' own Home Assistant connections whose breaker is not closed (by count: their names would say whose they are)
 */
record Sample(
        long at,
        int[] outcomes,
        double p50,
        double p95,
        double p99,
        double maxLatency,
        int queueDepth,
        int inFlight,
        long rateLimitedRequests,
        long streamableSessions,
        long legacySessions,
        long heapUsed,
        long heapMax,
        double cpu,
        Map<String, String> breakers,
        int connectionsNotClosed) {

    static final int OUTCOMES = RequestOutcome.values().length;

    /** Outcomes the bridge turned the call away for before it reached an upstream. */
    static final List<RequestOutcome> REFUSALS = List.of(
            RequestOutcome.UNAUTHENTICATED,
            RequestOutcome.DENIED,
            RequestOutcome.RATE_LIMITED,
            RequestOutcome.OVERLOADED);

    /** Worst first: a breaker that is open anywhere is open for the installation. */
    private static final List<String> STATES =
            List.of("FORCED_OPEN", "OPEN", "HALF_OPEN", "METRICS_ONLY", "DISABLED", "CLOSED");

    Sample {
        if (outcomes.length != OUTCOMES) {
            outcomes = Arrays.copyOf(outcomes, OUTCOMES);
        }
        breakers = Map.copyOf(breakers);
    }

    long calls() {
        long sum = 0;
        for (int count : outcomes) {
            sum += count;
        }
        return sum;
    }

    int count(RequestOutcome outcome) {
        return outcomes[outcome.ordinal()];
    }

    long refused() {
        long sum = 0;
        for (var outcome : REFUSALS) {
            sum += count(outcome);
        }
        return sum;
    }

    /**
     * A minute (or any period) from its seconds, given oldest first: counts summed, gauges at their
     * highest, breakers at their worst, latencies from {@code latencies}, the merged histogram of
     * all the seconds' calls (so a minute's p99 is the p99 of its calls, not a mean of the seconds').
     */
    static Sample rollup(long at, List<Sample> seconds, long[] latencies) {
        int[] outcomes = new int[OUTCOMES];
        double maxLatency = Double.NaN;
        int queueDepth = 0;
        int inFlight = 0;
        long rateLimited = 0;
        long streamable = 0;
        long legacy = 0;
        long heapUsed = 0;
        long heapMax = 0;
        double cpu = Double.NaN;
        int connections = 0;
        var breakers = new TreeMap<String, String>();
        for (var second : seconds) {
            for (int i = 0; i < OUTCOMES; i++) {
                outcomes[i] += second.outcomes[i];
            }
            maxLatency = max(maxLatency, second.maxLatency);
            queueDepth = Math.max(queueDepth, second.queueDepth);
            inFlight = Math.max(inFlight, second.inFlight);
            rateLimited += second.rateLimitedRequests;
            streamable = Math.max(streamable, second.streamableSessions);
            legacy = Math.max(legacy, second.legacySessions);
            heapUsed = Math.max(heapUsed, second.heapUsed);
            heapMax = Math.max(heapMax, second.heapMax);
            cpu = max(cpu, second.cpu);
            connections = Math.max(connections, second.connectionsNotClosed);
            second.breakers.forEach((name, state) -> breakers.merge(name, state, Sample::worse));
        }
        double[] q = latencies == null
                ? null
                : LatencyHistogram.quantilesMillis(
                        latencies, Double.isNaN(maxLatency) ? 0 : Math.round(maxLatency * 1000), 0.5, 0.95, 0.99);
        return new Sample(
                at,
                outcomes,
                q == null ? Double.NaN : q[0],
                q == null ? Double.NaN : q[1],
                q == null ? Double.NaN : q[2],
                maxLatency,
                queueDepth,
                inFlight,
                rateLimited,
                streamable,
                legacy,
                heapUsed,
                heapMax,
                cpu,
                breakers,
                connections);
    }

    /**
     * The installation from its nodes' figures for the same period: counts, queues, calls in
     * flight, sessions and memory summed; CPU, latency percentiles and users' connections not
     * closed at the highest node's (a percentile of the union cannot be had from the nodes'
     * percentiles: the highest is an upper bound of it); breakers at their worst on any node.
     */
    static Sample combine(long at, List<Sample> nodes) {
        int[] outcomes = new int[OUTCOMES];
        double p50 = Double.NaN;
        double p95 = Double.NaN;
        double p99 = Double.NaN;
        double maxLatency = Double.NaN;
        int queueDepth = 0;
        int inFlight = 0;
        long rateLimited = 0;
        long streamable = 0;
        long legacy = 0;
        long heapUsed = 0;
        long heapMax = 0;
        double cpu = Double.NaN;
        int connections = 0;
        var breakers = new TreeMap<String, String>();
        for (var node : nodes) {
            for (int i = 0; i < OUTCOMES; i++) {
                outcomes[i] += node.outcomes[i];
            }
            p50 = max(p50, node.p50);
            p95 = max(p95, node.p95);
            p99 = max(p99, node.p99);
            maxLatency = max(maxLatency, node.maxLatency);
            queueDepth += node.queueDepth;
            inFlight += node.inFlight;
            rateLimited += node.rateLimitedRequests;
            streamable += node.streamableSessions;
            legacy += node.legacySessions;
            heapUsed += node.heapUsed;
            heapMax += node.heapMax;
            cpu = max(cpu, node.cpu);
            connections = Math.max(connections, node.connectionsNotClosed);
            node.breakers.forEach((name, state) -> breakers.merge(name, state, Sample::worse));
        }
        return new Sample(
                at,
                outcomes,
                p50,
                p95,
                p99,
                maxLatency,
                queueDepth,
                inFlight,
                rateLimited,
                streamable,
                legacy,
                heapUsed,
                heapMax,
                cpu,
                breakers,
                connections);
    }

    /**
     * The sample as a chart reads it: one flat object per point, {@code t} in epoch milliseconds,
     * a count per outcome under its camelCase name, latencies in milliseconds (null without calls),
     * the breakers as an object by upstream name.
     */
    Map<String, Object> point() {
        var point = new LinkedHashMap<String, Object>();
        point.put("t", at * 1000);
        point.put("calls", calls());
        for (var outcome : RequestOutcome.values()) {
            point.put(key(outcome), count(outcome));
        }
        point.put("refused", refused());
        point.put("rateLimitedRequests", rateLimitedRequests);
        point.put("p50", orNull(p50));
        point.put("p95", orNull(p95));
        point.put("p99", orNull(p99));
        point.put("maxLatency", orNull(maxLatency));
        point.put("queueDepth", queueDepth);
        point.put("inFlight", inFlight);
        point.put("streamableHttpSessions", streamableSessions);
        point.put("legacySseSessions", legacySessions);
        point.put("sessions", streamableSessions + legacySessions);
        point.put("heapUsed", heapUsed);
        point.put("heapMax", heapMax);
        point.put("cpu", orNull(cpu));
        point.put(
                "breakersOpen",
                breakers.values().stream()
                        .filter(state -> !"CLOSED".equals(state))
                        .count());
        point.put("connectionsNotClosed", connectionsNotClosed);
        point.put("breakers", new TreeMap<>(breakers));
        return point;
    }

    /** {@code TOOL_ERROR} as {@code toolError}. */
    static String key(RequestOutcome outcome) {
        var words = outcome.name().toLowerCase().split("_");
        var key = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            key.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return key.toString();
    }

    static String worse(String a, String b) {
        int ia = STATES.indexOf(a);
        int ib = STATES.indexOf(b);
        return ia < 0 ? a : ib < 0 ? b : ia <= ib ? a : b;
    }

    private static double max(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }

    private static Double orNull(double value) {
        return Double.isNaN(value) ? null : value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Sample sample
                && sample.at == at
                && sample.point().equals(point());
    }

    @Override
    public int hashCode() {
        return Long.hashCode(at);
    }

    @Override
    public String toString() {
        return "Sample" + point();
    }
}
