package dev.hamcp.bridge.runtime.mcp.requestlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestLogTest {

    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RecordingStore store = new RecordingStore();
    private RequestLog requestLog;

    @AfterEach
    void stop() {
        if (requestLog != null) {
            requestLog.stop();
        }
    }

    @Test
    void aFullBatchIsWrittenAtOnceWithoutWaitingForTheFlushInterval() {
        requestLog = requestLog(10_000, 500, Duration.ofHours(1));
        requestLog.start();

        for (int i = 0; i < 1_000; i++) {
            requestLog.record(entry(i));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> store.batchSizes().equals(List.of(500, 500)));
    }

    @Test
    void aFewEntriesAreWrittenTogetherOnceTheFlushIntervalHasPassed() {
        requestLog = requestLog(10_000, 500, Duration.ofMillis(200));
        requestLog.start();

        for (int i = 0; i < 3; i++) {
            requestLog.record(entry(i));
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> store.written().size() == 3);
        assertThat(store.batchSizes()).containsExactly(3);
        assertThat(meters.get("bridge.request.log.written").counter().count()).isEqualTo(3);
    }

    @Test
    void whenTheBufferIsFullNewEntriesAreDroppedAndCountedWithoutWaiting() {
        requestLog = requestLog(3, 500, Duration.ofMillis(200));

        for (int i = 0; i < 5; i++) {
            requestLog.record(entry(i));
        }

        assertThat(dropped("buffer-full")).isEqualTo(2);
        assertThat(meters.get("bridge.request.log.buffered").gauge().value()).isEqualTo(3);
        requestLog.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> store.written().size() == 3);
        assertThat(store.written()).extracting(RequestLogEntry::requestBytes).containsExactly(0, 1, 2);
    }

    @Test
    void stoppingWritesWhatTheBufferStillHolds() {
        requestLog = requestLog(10_000, 500, Duration.ofHours(1));
        requestLog.start();
        for (int i = 0; i < 1_234; i++) {
            requestLog.record(entry(i));
        }

        requestLog.stop();

        assertThat(store.written()).hasSize(1_234);
        assertThat(requestLog.isRunning()).isFalse();
    }

    @Test
    void entriesRecordedAfterStoppingAreCountedAsDropped() {
        requestLog = requestLog(10_000, 500, Duration.ofMillis(200));
        requestLog.start();
        requestLog.stop();

        requestLog.record(entry(1));

        assertThat(dropped("stopped")).isEqualTo(1);
        assertThat(store.written()).isEmpty();
    }

    @Test
    void aBatchTheDatabaseRefusesIsCountedAndTheNextOneIsStillWritten() {
        requestLog = requestLog(10_000, 2, Duration.ofHours(1));
        store.failNext.set(1);
        requestLog.start();

        for (int i = 0; i < 4; i++) {
            requestLog.record(entry(i));
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> store.written().size() == 2);
        assertThat(dropped("write-failed")).isEqualTo(2);
        assertThat(store.written()).extracting(RequestLogEntry::requestBytes).containsExactly(2, 3);
    }

    @Test
    void purgingDeletesWhatIsOlderThanTheRetention() {
        requestLog = requestLog(10_000, 500, Duration.ofMillis(200));

        requestLog.purgeExpired();

        assertThat(store.cutoffs).containsExactly(NOW.minus(Duration.ofDays(30)));
    }

    @Test
    void startingPurgesOnceStraightAway() {
        requestLog = requestLog(10_000, 500, Duration.ofMillis(200));

        requestLog.start();

        await().atMost(Duration.ofSeconds(5)).until(() -> !store.cutoffs.isEmpty());
    }

    private RequestLog requestLog(int capacity, int batchSize, Duration flushInterval) {
        var properties =
                new RequestLogProperties(capacity, batchSize, flushInterval, Duration.ofDays(30), Duration.ofHours(1));
        return new RequestLog(properties, store, meters, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private double dropped(String reason) {
        return meters.get("bridge.request.log.dropped")
                .tag("reason", reason)
                .counter()
                .count();
    }

    private static RequestLogEntry entry(int n) {
        return new RequestLogEntry(
                NOW,
                "user-1",
                "session-1",
                "HassTurnOn",
                "home-assistant",
                RequestOutcome.OK,
                null,
                Duration.ofMillis(12),
                n,
                100,
                "127.0.0.1");
    }

    /** Keeps what it is given; can be told to refuse batches. */
    private static final class RecordingStore implements RequestLogStore {

        private final List<List<RequestLogEntry>> batches = Collections.synchronizedList(new ArrayList<>());
        final List<Instant> cutoffs = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger failNext = new AtomicInteger();

        @Override
        public void insert(List<RequestLogEntry> batch) {
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("database refused");
            }
            batches.add(List.copyOf(batch));
        }

        @Override
        public long deleteOlderThan(Instant cutoff) {
            cutoffs.add(cutoff);
            return 0;
        }

        List<Integer> batchSizes() {
            synchronized (batches) {
                return batches.stream().map(List::size).toList();
            }
        }

        List<RequestLogEntry> written() {
            synchronized (batches) {
                return batches.stream().flatMap(List::stream).toList();
            }
        }
    }
}
