package dev.hamcp.bridge.runtime.monitor;

import dev.hamcp.bridge.runtime.mcp.requestlog.CallObserver;
import dev.hamcp.bridge.runtime.mcp.requestlog.RequestLogEntry;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAccumulator;
import org.springframework.stereotype.Component;

/**
 * The calls of the last few seconds, counted as the request log records them: by the second in
 * which each ended, its outcome and its latency. A call costs three atomic updates, no lock
 * and no I/O; the sampler takes each second's counts once the second is over.
 *
 * <p>Seconds go round {@link #SLOTS} slots: the sampler empties a second's slot shortly after it
 * ends, long before the slot comes round again. (A call recorded more than three seconds after it
 * ended, or a sampler stalled as long, would count in a later second; neither happens in practice.)
 */
@Component
class CallTally implements CallObserver {

    static final int SLOTS = 4;

    private static final class Slot {
        final AtomicIntegerArray outcomes = new AtomicIntegerArray(Sample.OUTCOMES);
        final LatencyHistogram.Recorder latencies = new LatencyHistogram.Recorder();
        final LongAccumulator slowest = new LongAccumulator(Math::max, -1);
    }

    /** One second's calls, as taken from its slot. */
    record Second(int[] outcomes, long[] latencies, long slowestMicros) {
        boolean empty() {
            return slowestMicros < 0;
        }
    }

    private final Slot[] slots = new Slot[SLOTS];

    CallTally() {
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = new Slot();
        }
    }

    @Override
    public void recorded(RequestLogEntry entry) {
        long nanos = entry.latency().toNanos();
        long ended = entry.at().getEpochSecond() + Math.floorDiv(entry.at().getNano() + nanos, 1_000_000_000L);
        long micros = nanos / 1000;
        var slot = slots[(int) Math.floorMod(ended, SLOTS)];
        slot.outcomes.incrementAndGet(entry.outcome().ordinal());
        slot.latencies.record(micros);
        slot.slowest.accumulate(micros);
    }

    /** Takes the calls that ended in {@code epochSecond}, leaving its slot empty for a later second. */
    Second take(long epochSecond) {
        var slot = slots[(int) Math.floorMod(epochSecond, SLOTS)];
        int[] outcomes = new int[Sample.OUTCOMES];
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = slot.outcomes.getAndSet(i, 0);
        }
        long[] latencies = LatencyHistogram.empty();
        slot.latencies.drainInto(latencies);
        long slowest = slot.slowest.getThenReset();
        return new Second(outcomes, latencies, slowest);
    }
}
