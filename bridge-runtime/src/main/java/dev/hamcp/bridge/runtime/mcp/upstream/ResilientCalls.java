package dev.hamcp.bridge.runtime.mcp.upstream;

import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDefinition;
import dev.hamcp.bridge.runtime.mcp.spec.GatewayError;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * One request to an upstream, start to end: a session leased from the pool, the deadline, the
 * upstream's circuit breaker, resilience4j's retry (with exponential back-off, only when repeating
 * cannot do anything twice: nothing was sent, or the request only reads), and the error the caller
 * sees. A 401 or 403 forces the upstream's breaker open until its definition changes, because
 * Home Assistant raises a login-attempt notification for every rejected token.
 */
final class ResilientCalls {

    private static final Logger log = LoggerFactory.getLogger(ResilientCalls.class);

    /** What one attempt sends on the session it leased. */
    interface Attempt<T> {
        Mono<T> on(UpstreamSession session, Deadline deadline);
    }

    /** An upstream's calls and failures since the bridge started. */
    record Tally(LongAdder calls, LongAdder failures) {
        Tally() {
            this(new LongAdder(), new LongAdder());
        }
    }

    private final SessionPool pool;
    // Shared upstreams' breakers and retries show in the metrics by name; a user's own connections'
    // do not, as their names carry the connection's id (anyone who may scrape would learn who has
    // a house and when its token was rejected).
    private final CircuitBreakerRegistry breakers;
    private final CircuitBreakerRegistry usersBreakers;
    private final RetryRegistry retries;
    private final RetryRegistry usersRetries;
    private final Map<String, Integer> rejectedCredentials = new ConcurrentHashMap<>();
    private final Map<String, Tally> tallies = new ConcurrentHashMap<>();

    ResilientCalls(SessionPool pool, UpstreamProperties properties, MeterRegistry meters) {
        this.pool = pool;
        this.breakers = CircuitBreakerRegistry.of(breakerConfig(properties.breaker()));
        this.usersBreakers = CircuitBreakerRegistry.of(breakerConfig(properties.breaker()));
        this.retries = RetryRegistry.of(retryConfig(properties.retry()));
        this.usersRetries = RetryRegistry.of(retryConfig(properties.retry()));
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
    }

    /** {@code request} to {@code upstream}; {@code action} says what it does, for the caller's error. */
    <T> Mono<T> execute(UpstreamDefinition upstream, String action, Attempt<T> request) {
        return Mono.defer(() -> {
            var tally = tallyOf(upstream.name());
            tally.calls().increment();
            var deadline = Deadline.after(upstream.timeout());
            var breaker = breakersOf(upstream).circuitBreaker(upstream.name());
            return Mono.using(
                            () -> pool.lease(upstream),
                            lease -> request.on(lease.session(), deadline),
                            SessionPool.Lease::close)
                    .doOnError(UpstreamFailure.class, failure -> onFailure(upstream, failure))
                    .transform(CircuitBreakerOperator.of(breaker))
                    .transform(RetryOperator.of(retriesOf(upstream).retry(upstream.name())))
                    .doOnError(error -> {
                        if (error instanceof UpstreamFailure || error instanceof CallNotPermittedException) {
                            tally.failures().increment();
                        }
                    })
                    .onErrorMap(error -> Failures.toMcpError(
                            upstream.name(),
                            action,
                            upstream.timeout(),
                            error,
                            rejectedCredentials.get(upstream.name()),
                            upstream.bearerToken()));
        });
    }

    /** The breaker's state: {@code CLOSED} for an upstream never called. */
    String breakerState(UpstreamDefinition upstream) {
        return breakersOf(upstream)
                .find(upstream.name())
                .map(breaker -> breaker.getState().name())
                .orElse(CircuitBreaker.State.CLOSED.name());
    }

    Tally tallyOf(String upstream) {
        return tallies.computeIfAbsent(upstream, name -> new Tally());
    }

    /** A new definition of {@code upstream} starts afresh: its breaker closed, a rejected token forgotten. */
    void reset(UpstreamDefinition upstream) {
        rejectedCredentials.remove(upstream.name());
        breakersOf(upstream).find(upstream.name()).ifPresent(CircuitBreaker::reset);
    }

    private void onFailure(UpstreamDefinition upstream, UpstreamFailure failure) {
        log.warn("{} ({}): {}", upstream.name(), upstream.transport(), Failures.describe(failure));
        if (failure.kind() == UpstreamFailure.Kind.CREDENTIAL_REJECTED) {
            rejectedCredentials.put(upstream.name(), failure.httpStatus());
            breakersOf(upstream).circuitBreaker(upstream.name()).transitionToForcedOpenState();
            log.error(
                    "{} refused the bridge's credential (HTTP {}): calls to it stop until its token is replaced",
                    upstream.name(),
                    failure.httpStatus());
        }
    }

    private CircuitBreakerRegistry breakersOf(UpstreamDefinition upstream) {
        return upstream.guarded() ? usersBreakers : breakers;
    }

    private RetryRegistry retriesOf(UpstreamDefinition upstream) {
        return upstream.guarded() ? usersRetries : retries;
    }

    private static CircuitBreakerConfig breakerConfig(UpstreamProperties.Breaker breaker) {
        return CircuitBreakerConfig.custom()
                .failureRateThreshold(breaker.failureRateThreshold())
                .slidingWindowSize(breaker.slidingWindowSize())
                .minimumNumberOfCalls(breaker.minimumNumberOfCalls())
                .waitDurationInOpenState(breaker.waitInOpen())
                .permittedNumberOfCallsInHalfOpenState(breaker.permittedCallsInHalfOpen())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                // Only a missing answer counts against an upstream: a JSON-RPC error is an answer.
                .recordException(error -> error instanceof UpstreamFailure)
                .ignoreException(error -> error instanceof GatewayError)
                .build();
    }

    /** Exponential back-off, never waiting past the call's deadline. */
    private static RetryConfig retryConfig(UpstreamProperties.Retry retry) {
        var backoff = IntervalFunction.ofExponentialBackoff(retry.initialBackoff(), retry.multiplier());
        IntervalBiFunction<Object> withinDeadline = (attempt, outcome) -> {
            long wait = backoff.apply(attempt);
            if (outcome.isLeft() && outcome.getLeft() instanceof UpstreamFailure failure) {
                return Math.min(wait, failure.deadline().remaining().toMillis());
            }
            return wait;
        };
        return RetryConfig.custom()
                .maxAttempts(retry.maxAttempts())
                .intervalBiFunction(withinDeadline)
                .retryOnException(error -> error instanceof UpstreamFailure failure && failure.repeatable())
                .failAfterMaxAttempts(false)
                .build();
    }
}
