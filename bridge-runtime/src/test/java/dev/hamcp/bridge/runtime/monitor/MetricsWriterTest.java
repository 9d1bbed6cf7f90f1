package dev.hamcp.bridge.runtime.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The writer keeps what it could not write, and deletes rows past their retention. */
class MetricsWriterTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:30.300Z");

    private final RecordingTable table = new RecordingTable();
    private final NodeSampler sampler = new NodeSampler(
            new CallTally(),
            () -> new NodeReadings.Reading(0, 0, 0, 0, 0, 0, 0, 0, Map.of(), 0),
            Clock.fixed(NOW, ZoneOffset.UTC),
            "node-a");
    private final MetricsWriter writer = new MetricsWriter(
            sampler,
            table,
            new MonitorProperties("", Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofMinutes(10)),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void samplesThatCouldNotBeWrittenWaitAndGoWithTheNextBatch() {
        sampler.tick();
        table.away = true;

        assertThatThrownBy(writer::flush).isInstanceOf(DataAccessResourceFailureException.class);
        assertThat(sampler.unwritten(Resolution.SECOND)).hasSize(1);

        table.away = false;
        writer.flush();

        assertThat(table.written).hasSize(1);
        assertThat(sampler.unwritten(Resolution.SECOND)).isEmpty();
    }

    @Test
    void secondsAreKeptAnHourAndMinutesADayBesidesAMargin() {
        writer.flush();

        assertThat(table.purges)
                .containsExactly(List.of(
                        NOW.minus(Duration.ofHours(1)).minus(MetricsWriter.MARGIN),
                        NOW.minus(Duration.ofDays(1)).minus(MetricsWriter.MARGIN)));

        writer.flush();
        assertThat(table.purges).as("once per purge interval").hasSize(1);
    }

    private static final class RecordingTable extends MetricsTable {
        boolean away;
        final List<Sample> written = new ArrayList<>();
        final List<List<Instant>> purges = new ArrayList<>();

        RecordingTable() {
            super(new JdbcTemplate(), JsonMapper.builder().build());
        }

        @Override
        void insert(String node, Resolution resolution, List<Sample> samples) {
            if (away) {
                throw new DataAccessResourceFailureException("the database is away");
            }
            written.addAll(samples);
        }

        @Override
        int purge(Instant secondsBefore, Instant minutesBefore) {
            purges.add(List.of(secondsBefore, minutesBefore));
            return 0;
        }
    }
}
