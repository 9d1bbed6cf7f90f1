package dev.hamcp.bridge.runtime.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hamcp.bridge.runtime.mcp.requestlog.RequestLogEntry;
import dev.hamcp.bridge.runtime.mcp.requestlog.RequestOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sampler on a clock of the test's: seconds by the second calls ended in, minutes rolled up from them. */
class NodeSamplerTest {

    /** The start of a minute, as epoch seconds. */
    private static final long MINUTE = Instant.parse("2026-12-02T10:00:00Z").getEpochSecond();

    private final MovableClock clock = new MovableClock();
    private final CallTally tally = new CallTally();
    private int queueDepth;
    private long rateLimitedTotal;
    private Map<String, String> breakers = Map.of("shared", "CLOSED");
    private final NodeSampler sampler = new NodeSampler(
            tally,
            () -> new NodeReadings.Reading(queueDepth, 1, rateLimitedTotal, 2, 1, 100, 1000, 0.25, breakers, 0),
            clock,
            "node-a");

    @Test
    void callsCountInTheSecondTheyEndedInByOutcome() {
        long second = MINUTE + 5;
        sampleUpTo(second - 1);
        call(second, 10, RequestOutcome.OK);
        call(second, 20, RequestOutcome.OK);
        call(second, 30, RequestOutcome.OK);
        call(second, 5, RequestOutcome.DENIED);
        call(second + 1, 40, RequestOutcome.OK);

        sampleUpTo(second + 1);

        var samples = sampler.since(Resolution.SECOND, second);
        assertThat(samples).extracting(Sample::at).containsExactly(second, second + 1);
        var first = samples.getFirst();
        assertThat(first.count(RequestOutcome.OK)).isEqualTo(3);
        assertThat(first.count(RequestOutcome.DENIED)).isEqualTo(1);
        assertThat(first.calls()).isEqualTo(4);
        assertThat(first.refused()).isEqualTo(1);
        assertThat(first.p50()).isCloseTo(10, within(10 / 16.0));
        assertThat(first.p99()).isCloseTo(30, within(30 / 16.0));
        assertThat(first.maxLatency()).isEqualTo(30);
        assertThat(samples.getLast().calls()).isEqualTo(1);
    }

    @Test
    void aSecondWithoutCallsHasCountsOfNothingAndNoLatencies() {
        sampleUpTo(MINUTE + 3);

        var sample = sampler.newest(Resolution.SECOND);
        assertThat(sample.calls()).isZero();
        assertThat(sample.p50()).isNaN();
        assertThat(sample.point())
                .containsEntry("p95", null)
                .containsEntry("ok", 0)
                .containsEntry("sessions", 3L);
    }

    @Test
    void aMinuteSumsItsSecondsKeepsTheirHighestGaugesAndMergesTheirLatencies() {
        sampleUpTo(MINUTE - 1);
        for (long second = MINUTE; second < MINUTE + 60; second++) {
            queueDepth = second == MINUTE + 30 ? 7 : 1;
            rateLimitedTotal += 2;
            if (second == MINUTE + 40) {
                breakers = Map.of("shared", "OPEN");
                for (int i = 0; i < 10; i++) {
                    call(second, 500, RequestOutcome.TIMEOUT);
                }
            } else {
                breakers = Map.of("shared", "CLOSED");
                call(second, 1, RequestOutcome.OK);
            }
            sampleUpTo(second);
        }

        var minute = sampler.newest(Resolution.MINUTE);
        assertThat(minute.at()).isEqualTo(MINUTE);
        assertThat(minute.count(RequestOutcome.OK)).isEqualTo(59);
        assertThat(minute.count(RequestOutcome.TIMEOUT)).isEqualTo(10);
        assertThat(minute.rateLimitedRequests()).isEqualTo(120);
        assertThat(minute.queueDepth()).isEqualTo(7);
        assertThat(minute.breakers()).containsEntry("shared", "OPEN");
        // Of 69 calls, the 35th is a fast one and the 66th a slow one: the minute's own percentiles,
        // where the highest of its seconds' medians would have said 500 ms.
        assertThat(minute.p50()).isCloseTo(1, within(1 / 16.0));
        assertThat(minute.p95()).isCloseTo(500, within(500 / 16.0));
        assertThat(minute.maxLatency()).isEqualTo(500);
    }

    @Test
    void aMinuteIsToldOnceItsLastSecondIsInAndNotBefore() {
        sampleUpTo(MINUTE + 58);
        assertThat(sampler.since(Resolution.MINUTE, MINUTE)).isEmpty();

        sampleUpTo(MINUTE + 59);
        assertThat(sampler.since(Resolution.MINUTE, MINUTE))
                .extracting(Sample::at)
                .containsExactly(MINUTE);
    }

    @Test
    void secondsMissedWhileTheSamplerStalledAreSampledWhenItRunsAgain() {
        sampleUpTo(MINUTE + 10);
        call(MINUTE + 12, 3, RequestOutcome.OK);

        sampleUpTo(MINUTE + 13);

        assertThat(sampler.since(Resolution.SECOND, MINUTE + 11))
                .extracting(Sample::at)
                .containsExactly(MINUTE + 11, MINUTE + 12, MINUTE + 13);
        assertThat(sampler.since(Resolution.SECOND, MINUTE + 12).getFirst().calls())
                .isEqualTo(1);
    }

    @Test
    void rateLimitedRequestsAreTheCountersIncreaseInTheSecond() {
        rateLimitedTotal = 40;
        sampleUpTo(MINUTE);
        rateLimitedTotal = 43;
        sampleUpTo(MINUTE + 1);

        assertThat(sampler.since(Resolution.SECOND, 0))
                .extracting(Sample::rateLimitedRequests)
                .containsExactly(0L, 3L);
    }

    @Test
    void samplesWaitToBeWrittenAndAreForgottenOnceWritten() {
        sampleUpTo(MINUTE + 2);
        sampleUpTo(MINUTE + 5);
        assertThat(sampler.unwritten(Resolution.SECOND)).extracting(Sample::at).contains(MINUTE + 2, MINUTE + 5);

        sampler.written(Resolution.SECOND, MINUTE + 4);

        assertThat(sampler.unwritten(Resolution.SECOND)).extracting(Sample::at).containsExactly(MINUTE + 5);
    }

    @Test
    void theInstallationSumsCountsAndLoadAndTakesTheHighestLatencies() {
        var a = new Sample(
                MINUTE, counts(3, 1), 10, 20, 30, 40, 1, 2, 1, 3, 0, 100, 1000, 0.2, Map.of("s", "CLOSED"), 0);
        var b = new Sample(
                MINUTE, counts(2, 0), 50, 60, 70, 80, 0, 1, 2, 1, 1, 200, 1000, 0.5, Map.of("s", "HALF_OPEN"), 1);

        var whole = Sample.combine(MINUTE, java.util.List.of(a, b));

        assertThat(whole.count(RequestOutcome.OK)).isEqualTo(5);
        assertThat(whole.count(RequestOutcome.DENIED)).isEqualTo(1);
        assertThat(whole.inFlight()).isEqualTo(3);
        assertThat(whole.streamableSessions()).isEqualTo(4);
        assertThat(whole.heapUsed()).isEqualTo(300);
        assertThat(whole.p99()).isEqualTo(70);
        assertThat(whole.cpu()).isEqualTo(0.5);
        assertThat(whole.breakers()).containsEntry("s", "HALF_OPEN");
        assertThat(whole.rateLimitedRequests()).isEqualTo(3);
    }

    private static int[] counts(int ok, int denied) {
        int[] counts = new int[Sample.OUTCOMES];
        counts[RequestOutcome.OK.ordinal()] = ok;
        counts[RequestOutcome.DENIED.ordinal()] = denied;
        return counts;
    }

    /** A call that took {@code millis} and ended within {@code second}. */
    private void call(long second, long millis, RequestOutcome outcome) {
        var ended = Instant.ofEpochSecond(second).plusMillis(500);
        tally.recorded(new RequestLogEntry(
                ended.minusMillis(millis),
                "u",
                "c",
                "tool",
                "up",
                outcome,
                null,
                Duration.ofMillis(millis),
                0,
                0,
                "127.0.0.1"));
    }

    /** Moves the clock to just after {@code second} has ended and lets the sampler tick. */
    private void sampleUpTo(long second) {
        clock.now = Instant.ofEpochSecond(second + 1).plusMillis(NodeSampler.LAG_MILLIS + 50);
        sampler.tick();
    }

    private static final class MovableClock extends Clock {
        Instant now = Instant.EPOCH;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
