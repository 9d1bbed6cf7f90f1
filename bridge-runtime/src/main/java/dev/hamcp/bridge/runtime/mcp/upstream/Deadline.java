package dev.hamcp.bridge.runtime.mcp.upstream;

import java.time.Duration;

/** The instant by which a call must be over, retries and back-off included. */
record Deadline(long nanoTime) {

    static Deadline after(Duration timeout) {
        return new Deadline(System.nanoTime() + timeout.toNanos());
    }

    Duration remaining() {
        return Duration.ofNanos(Math.max(0, nanoTime - System.nanoTime()));
    }

    boolean passed() {
        return remaining().isZero();
    }
}
