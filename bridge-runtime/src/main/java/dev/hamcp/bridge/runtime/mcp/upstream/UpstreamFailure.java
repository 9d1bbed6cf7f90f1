package dev.hamcp.bridge.runtime.mcp.upstream;

/**
 * An attempt that got no answer from its upstream: the circuit breaker counts these, and the
 * retry repeats the {@linkplain #repeatable() repeatable} ones while the deadline allows. An
 * upstream that answered with a JSON-RPC error is not a failure of the upstream and never
 * arrives as one of these.
 */
final class UpstreamFailure extends RuntimeException {

    enum Kind {
        /** No connection could be made: nothing reached the upstream. */
        UNREACHABLE,
        /** The upstream answered 401 or 403 to the bridge's own credential. */
        CREDENTIAL_REJECTED,
        /** No answer in time. */
        TIMEOUT,
        /** A guarded upstream's host resolved to an address the bridge never connects to: nothing was sent. */
        DESTINATION_REFUSED,
        /** A stdio upstream's process could not start, or ended. */
        PROCESS_ENDED,
        /** The exchange broke off, or the answer made no sense. */
        BROKEN
    }

    private final Kind kind;
    private final int httpStatus;
    private final boolean repeatable;
    private final transient Deadline deadline;

    UpstreamFailure(Kind kind, int httpStatus, boolean repeatable, Deadline deadline, Throwable cause) {
        // No stack trace: these are expected, frequent and logged by kind, not by where they were made.
        super(kind.name(), cause, false, false);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.repeatable = repeatable;
        this.deadline = deadline;
    }

    Kind kind() {
        return kind;
    }

    /** The HTTP error status behind the failure, when the upstream answered with one; else 0. */
    int httpStatus() {
        return httpStatus;
    }

    /** Whether trying again cannot do anything twice, and there is still time to. */
    boolean repeatable() {
        return repeatable && !deadline.passed();
    }

    Deadline deadline() {
        return deadline;
    }
}
