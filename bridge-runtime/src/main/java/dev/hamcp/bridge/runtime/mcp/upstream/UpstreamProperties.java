package dev.hamcp.bridge.runtime.mcp.upstream;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the bridge talks to its upstreams ({@code bridge.upstream.*}): session pool, tool-list
 * cache, retries and circuit breakers. Nonsensical values stop the bridge at start-up.
 *
 * @param toolCacheTtl how long an upstream's tool list is reused before it is asked again
 * @param idleTimeout an upstream session unused this long is closed (a stdio process is stopped)
 * @param maxSessionsPerUpstream sessions (processes, for stdio) one upstream may have open at once
 * @param maxSessions sessions open across all upstreams; the least recently used idle one makes room
 * @param callsPerSession calls one session carries at once before the pool opens another
 * @param connectTimeout how long establishing an HTTP connection may take
 */
@ConfigurationProperties("bridge.upstream")
public record UpstreamProperties(
        @DefaultValue("10m") Duration toolCacheTtl,
        @DefaultValue("5m") Duration idleTimeout,
        @DefaultValue("4") int maxSessionsPerUpstream,
        @DefaultValue("256") int maxSessions,
        @DefaultValue("16") int callsPerSession,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue Retry retry,
        @DefaultValue Breaker breaker) {

    public UpstreamProperties {
        requirePositive(toolCacheTtl, "tool-cache-ttl");
        requirePositive(idleTimeout, "idle-timeout");
        requirePositive(connectTimeout, "connect-timeout");
        requireAtLeastOne(maxSessionsPerUpstream, "max-sessions-per-upstream");
        requireAtLeastOne(callsPerSession, "calls-per-session");
        if (maxSessions < maxSessionsPerUpstream) {
            throw new IllegalArgumentException(
                    "bridge.upstream.max-sessions must be at least bridge.upstream.max-sessions-per-upstream");
        }
    }

    /**
     * Repeats of a call that is safe to repeat (never sent, or read-only): at most
     * {@code maxAttempts} tries in all, waiting {@code initialBackoff}, then {@code multiplier} times
     * longer each time, never past the call's timeout.
     */
    public record Retry(
            @DefaultValue("3") int maxAttempts,
            @DefaultValue("200ms") Duration initialBackoff,
            @DefaultValue("2.0") double multiplier) {

        public Retry {
            requireAtLeastOne(maxAttempts, "retry.max-attempts");
            requirePositive(initialBackoff, "retry.initial-backoff");
            if (multiplier < 1.0) {
                throw new IllegalArgumentException("bridge.upstream.retry.multiplier must be at least 1.0");
            }
        }
    }

    /**
     * Each upstream's circuit breaker: over the last {@code slidingWindowSize} calls (once there
     * were {@code minimumNumberOfCalls}), a failure rate of {@code failureRateThreshold} percent
     * opens it; after {@code waitInOpen} it lets {@code permittedCallsInHalfOpen} trial calls through.
     */
    public record Breaker(
            @DefaultValue("50") float failureRateThreshold,
            @DefaultValue("20") int slidingWindowSize,
            @DefaultValue("5") int minimumNumberOfCalls,
            @DefaultValue("30s") Duration waitInOpen,
            @DefaultValue("2") int permittedCallsInHalfOpen) {

        public Breaker {
            if (failureRateThreshold <= 0 || failureRateThreshold > 100) {
                throw new IllegalArgumentException(
                        "bridge.upstream.breaker.failure-rate-threshold must be a percentage above 0");
            }
            requireAtLeastOne(slidingWindowSize, "breaker.sliding-window-size");
            requireAtLeastOne(minimumNumberOfCalls, "breaker.minimum-number-of-calls");
            requireAtLeastOne(permittedCallsInHalfOpen, "breaker.permitted-calls-in-half-open");
            requirePositive(waitInOpen, "breaker.wait-in-open");
        }
    }

    private static void requirePositive(Duration value, String setting) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("bridge.upstream." + setting + " must be longer than zero");
        }
    }

    private static void requireAtLeastOne(int value, String setting) {
        if (value < 1) {
            throw new IllegalArgumentException("bridge.upstream." + setting + " must be at least 1");
        }
    }
}
