package dev.hamcp.simulator;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the simulator should do wrong, for resilience tests: answer slowly, fail with an HTTP
 * status, or redirect elsewhere, on every request or on the MCP endpoint only. Faults hold until changed or {@link #reset()};
 * each setter replaces only its own part. Safe to change from any thread while requests run.
 */
public final class Faults {

    /** Which requests a fault applies to. */
    public enum Scope {
        /** Every request: the REST API and the MCP endpoint. */
        ALL,
        /** {@code /api/mcp} only; the REST API keeps answering normally. */
        MCP
    }

    /**
     * The faults in force.
     *
     * @param latency added before each answer; zero for none
     * @param latencyScope which requests are slowed
     * @param failStatus the HTTP status every affected request fails with; 0 for none
     * @param failScope which requests fail
     * @param remainingFailures how many more requests fail before the failure clears itself; -1 for no limit
     */
    public record Plan(Duration latency, Scope latencyScope, int failStatus, Scope failScope, int remainingFailures) {

        public static final Plan NONE = new Plan(Duration.ZERO, Scope.ALL, 0, Scope.ALL, -1);

        public Plan {
            if (latency.isNegative()) {
                throw new IllegalArgumentException("latency must not be negative");
            }
            if (failStatus != 0 && (failStatus < 400 || failStatus > 599)) {
                throw new IllegalArgumentException("failStatus must be 0 or an HTTP error status (400-599)");
            }
        }

        boolean fails(boolean mcp) {
            return failStatus != 0 && remainingFailures != 0 && applies(failScope, mcp);
        }

        boolean slows(boolean mcp) {
            return !latency.isZero() && applies(latencyScope, mcp);
        }

        private static boolean applies(Scope scope, boolean mcp) {
            return scope == Scope.ALL || mcp;
        }
    }

    /**
     * A redirect every affected request gets instead of its answer (Home Assistant behind a proxy
     * that moved, or one that points somewhere the bridge must never go).
     *
     * @param location the {@code Location} header's value, sent as it is
     * @param scope which requests are redirected
     */
    public record Redirect(String location, Scope scope) {

        public Redirect {
            if (location == null || location.isBlank()) {
                throw new IllegalArgumentException("a redirect needs a location");
            }
            if (scope == null) {
                throw new IllegalArgumentException("a redirect needs a scope");
            }
        }
    }

    private final AtomicReference<Plan> plan = new AtomicReference<>(Plan.NONE);
    // Apart from the plan so that Plan's shape (and the control endpoint that builds it) stays as it is.
    private final AtomicReference<Redirect> redirect = new AtomicReference<>();

    /** Adds {@code latency} before every answer. */
    public Faults latency(Duration latency) {
        return latency(latency, Scope.ALL);
    }

    public Faults latency(Duration latency, Scope scope) {
        plan.updateAndGet(p -> new Plan(latency, scope, p.failStatus(), p.failScope(), p.remainingFailures()));
        return this;
    }

    /** Fails every request with {@code status} (500, 503, ...) until reset. */
    public Faults failWith(int status) {
        return failWith(status, Scope.ALL);
    }

    public Faults failWith(int status, Scope scope) {
        plan.updateAndGet(p -> new Plan(p.latency(), p.latencyScope(), status, scope, -1));
        return this;
    }

    /** Fails the next {@code times} affected requests with {@code status}, then answers normally again. */
    public Faults failNext(int times, int status, Scope scope) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1");
        }
        plan.updateAndGet(p -> new Plan(p.latency(), p.latencyScope(), status, scope, times));
        return this;
    }

    /** Answers every request with {@code 302 Found} to {@code location} until reset. */
    public Faults redirectTo(String location) {
        return redirectTo(location, Scope.ALL);
    }

    public Faults redirectTo(String location, Scope scope) {
        redirect.set(new Redirect(location, scope));
        return this;
    }

    /** The redirect in force, if any. */
    public Optional<Redirect> redirect() {
        return Optional.ofNullable(redirect.get());
    }

    /** Replaces every fault at once (what the standalone server's control endpoint does). */
    public Faults apply(Plan next) {
        plan.set(next);
        return this;
    }

    /** No more faults. */
    public Faults reset() {
        plan.set(Plan.NONE);
        redirect.set(null);
        return this;
    }

    public Plan current() {
        return plan.get();
    }

    /** The latency to add to this request. */
    Duration latencyFor(boolean mcp) {
        Plan p = plan.get();
        return p.slows(mcp) ? p.latency() : Duration.ZERO;
    }

    /** Where this request must be redirected to, if anywhere. */
    Optional<String> redirectFor(boolean mcp) {
        Redirect r = redirect.get();
        return r != null && (r.scope() == Scope.ALL || mcp) ? Optional.of(r.location()) : Optional.empty();
    }

    /** The status this request must fail with, if any; counts down a limited failure. */
    Optional<Integer> failureFor(boolean mcp) {
        while (true) {
            Plan p = plan.get();
            if (!p.fails(mcp)) {
                return Optional.empty();
            }
            if (p.remainingFailures() < 0) {
                return Optional.of(p.failStatus());
            }
            int left = p.remainingFailures() - 1;
            Plan next = left == 0
                    ? new Plan(p.latency(), p.latencyScope(), 0, Scope.ALL, -1)
                    : new Plan(p.latency(), p.latencyScope(), p.failStatus(), p.failScope(), left);
            if (plan.compareAndSet(p, next)) {
                return Optional.of(p.failStatus());
            }
        }
    }
}
