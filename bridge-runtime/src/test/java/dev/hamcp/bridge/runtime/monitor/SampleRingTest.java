package dev.hamcp.bridge.runtime.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleRingTest {

    @Test
    void theRingKeepsTheNewestSamplesOnlyOldestFirst() {
        var ring = new SampleRing(3);
        for (long at = 10; at < 15; at++) {
            ring.add(sample(at));
        }

        assertThat(ring.since(0)).extracting(Sample::at).containsExactly(12L, 13L, 14L);
        assertThat(ring.since(13)).extracting(Sample::at).containsExactly(13L, 14L);
        assertThat(ring.newest().at()).isEqualTo(14);
        assertThat(ring.size()).isEqualTo(3);
    }

    @Test
    void aPeriodIsKeptOnceAndNeverBehindANewerOne() {
        var ring = new SampleRing(10);
        assertThat(ring.add(sample(5))).isTrue();
        assertThat(ring.add(sample(5))).isFalse();
        assertThat(ring.add(sample(4))).isFalse();

        assertThat(ring.since(0)).extracting(Sample::at).containsExactly(5L);
    }

    @Test
    void anEmptyRingHasNothingToShow() {
        var ring = new SampleRing(10);
        assertThat(ring.since(0)).isEmpty();
        assertThat(ring.newest()).isNull();
    }

    static Sample sample(long at) {
        return new Sample(
                at,
                new int[Sample.OUTCOMES],
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                Double.NaN,
                Map.of(),
                0);
    }
}
