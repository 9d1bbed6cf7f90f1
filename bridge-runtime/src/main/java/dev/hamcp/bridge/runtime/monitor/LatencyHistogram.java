package dev.hamcp.bridge.runtime.monitor;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies counted in log-linear buckets: exact below 16 µs, then 16 buckets per power of two,
 * so a bucket's bounds are within 1/16 (6.25 %) of each other, from 0 to about 36 minutes in
 * {@link #BUCKETS} buckets. Recording is one array increment (O(1), no lock); percentiles of a
 * second or of a minute come from the counts, and histograms of several seconds merge exactly.
 */
final class LatencyHistogram {

    static final int SUB_BUCKETS = 16;
    /** 2^31 µs, about 36 minutes: longer calls count in the last bucket. */
    static final long MOST_MICROS = (1L << 31) - 1;

    static final int BUCKETS = index(MOST_MICROS) + 1;

    private LatencyHistogram() {}

    /** The bucket of a latency of {@code micros}. */
    static int index(long micros) {
        long v = Math.clamp(micros, 0, MOST_MICROS);
        if (v < SUB_BUCKETS) {
            return (int) v;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(v);
        long mantissa = v >>> (exponent - 4);
        return (int) (SUB_BUCKETS + (exponent - 4) * SUB_BUCKETS + (mantissa - SUB_BUCKETS));
    }

    /** The highest latency, in µs, that counts in bucket {@code index}. */
    static long upperBound(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int exponent = (index - SUB_BUCKETS) / SUB_BUCKETS + 4;
        long mantissa = SUB_BUCKETS + (index - SUB_BUCKETS) % SUB_BUCKETS;
        return ((mantissa + 1) << (exponent - 4)) - 1;
    }

    /** A histogram being recorded into by many threads at once. */
    static final class Recorder {
        private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

        void record(long micros) {
            counts.incrementAndGet(index(micros));
        }

        /** Adds what was recorded to {@code into} and starts again from zero. */
        void drainInto(long[] into) {
            for (int i = 0; i < BUCKETS; i++) {
                if (counts.get(i) != 0) {
                    into[i] += counts.getAndSet(i, 0);
                }
            }
        }
    }

    /** Fresh counts to merge seconds into. */
    static long[] empty() {
        return new long[BUCKETS];
    }

    static void clear(long[] counts) {
        Arrays.fill(counts, 0);
    }

    static void add(long[] into, long[] counts) {
        for (int i = 0; i < BUCKETS; i++) {
            into[i] += counts[i];
        }
    }

    /**
     * The latencies at the quantiles {@code q} (each in (0, 1]), in milliseconds: the upper bound of
     * the bucket that holds the ⌈q·n⌉-th smallest latency, never above {@code maxMicros}, the
     * largest latency seen. Null when nothing was counted.
     */
    static double[] quantilesMillis(long[] counts, long maxMicros, double... q) {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        if (total == 0) {
            return null;
        }
        double[] answers = new double[q.length];
        for (int k = 0; k < q.length; k++) {
            long rank = Math.max(1, (long) Math.ceil(q[k] * total));
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    answers[k] = Math.min(upperBound(i), maxMicros) / 1000.0;
                    break;
                }
            }
        }
        return answers;
    }
}
