package dev.hamcp.bridge.runtime.live;

import dev.hamcp.bridge.runtime.mcp.requestlog.CallLog;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * Calls as they reach the request log, from every node: one reader for all the open dashboards
 * of this node, which reads what was written after the last call it saw, every
 * {@code bridge.live.poll-interval}, and only while someone watches. Reading the table rather
 * than this node's memory is what brings the calls other nodes served.
 */
@Component
class CallTail {

    /** At most this many calls are read at a time; more follow at the next read. */
    static final int MOST_PER_READ = 1000;

    private final CallLog log;
    private final AtomicLong seen = new AtomicLong(-1);
    private final Flux<CallLog.Call> calls;

    CallTail(CallLog log, @Value("${bridge.live.poll-interval:500ms}") Duration pollInterval) {
        this.log = log;
        this.calls = Flux.interval(Duration.ZERO, pollInterval)
                .onBackpressureDrop()
                .concatMap(tick -> read(), 1)
                .share();
    }

    /** Every call written from now on, of everyone: a subscriber keeps its own person's. */
    Flux<CallLog.Call> calls() {
        return calls;
    }

    private Flux<CallLog.Call> read() {
        long after = seen.get();
        if (after < 0) {
            return log.lastId().doOnNext(seen::set).thenMany(Flux.empty());
        }
        return log.after(null, after, MOST_PER_READ)
                .doOnNext(call -> seen.accumulateAndGet(call.id(), Math::max))
                .onErrorResume(error -> Flux.empty());
    }
}
