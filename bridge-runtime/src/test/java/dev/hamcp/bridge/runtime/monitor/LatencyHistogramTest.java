package dev.hamcp.bridge.runtime.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void everyLatencyFallsInABucketWhoseBoundsAreWithinASixteenthOfIt() {
        for (long micros = 0; micros < 5_000_000; micros += micros < 1000 ? 1 : 997) {
            int index = LatencyHistogram.index(micros);
            assertThat(LatencyHistogram.upperBound(index)).isGreaterThanOrEqualTo(micros);
            assertThat(LatencyHistogram.upperBound(index) - micros).isLessThanOrEqualTo(Math.max(0, micros / 16));
            if (index > 0) {
                assertThat(LatencyHistogram.upperBound(index - 1)).isLessThan(micros);
            }
        }
    }

    @Test
    void theSlowestLatenciesCountInTheLastBucketAndNothingFallsOutside() {
        assertThat(LatencyHistogram.index(Long.MAX_VALUE)).isEqualTo(LatencyHistogram.BUCKETS - 1);
        assertThat(LatencyHistogram.index(-5)).isZero();
        assertThat(LatencyHistogram.BUCKETS).isLessThan(500);
    }

    @Test
    void percentilesAreTheBucketsOfTheRanksAndNeverAboveTheSlowestCall() {
        var recorder = new LatencyHistogram.Recorder();
        for (int ms = 1; ms <= 100; ms++) {
            recorder.record(ms * 1000L);
        }
        long[] counts = LatencyHistogram.empty();
        recorder.drainInto(counts);

        double[] q = LatencyHistogram.quantilesMillis(counts, 100_000, 0.5, 0.95, 0.99, 1.0);

        assertThat(q[0]).isCloseTo(50, within(50 / 16.0));
        assertThat(q[1]).isCloseTo(95, within(95 / 16.0));
        assertThat(q[2]).isCloseTo(99, within(99 / 16.0));
        assertThat(q[3]).isEqualTo(100);
        assertThat(java.util.Arrays.stream(q).max().orElseThrow()).isLessThanOrEqualTo(100);
    }

    @Test
    void aDrainedRecorderStartsAgainFromNothing() {
        var recorder = new LatencyHistogram.Recorder();
        recorder.record(1234);
        recorder.drainInto(LatencyHistogram.empty());
        long[] counts = LatencyHistogram.empty();
        recorder.drainInto(counts);

        assertThat(LatencyHistogram.quantilesMillis(counts, 0, 0.5)).isNull();
    }

    @Test
    void mergedSecondsGiveThePercentilesOfAllTheirCalls() {
        long[] fast = LatencyHistogram.empty();
        long[] slow = LatencyHistogram.empty();
        for (int i = 0; i < 90; i++) {
            fast[LatencyHistogram.index(2_000)]++;
        }
        for (int i = 0; i < 10; i++) {
            slow[LatencyHistogram.index(800_000)]++;
        }
        long[] minute = LatencyHistogram.empty();
        LatencyHistogram.add(minute, fast);
        LatencyHistogram.add(minute, slow);

        double[] q = LatencyHistogram.quantilesMillis(minute, 800_000, 0.5, 0.95);

        assertThat(q[0]).isCloseTo(2, within(2 / 16.0));
        assertThat(q[1]).isCloseTo(800, within(800 / 16.0));
    }
}
