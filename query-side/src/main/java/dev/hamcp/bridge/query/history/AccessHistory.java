package dev.hamcp.bridge.query.history;

import dev.hamcp.bridge.api.audit.AuditMetadata;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The access model at any moment of the history, without replaying the whole of it: the nearest
 * snapshot of the model taken before that moment ({@code access_snapshot}), plus the events after
 * it up to that moment. Only the event types that change access are read, through the store's
 * index on the payload type.
 *
 * <p>Snapshots are taken every {@code bridge.audit.access-snapshot-every} positions of the store
 * (20,000 by default), so an answer reads at most that stretch of history, by a job that follows
 * the store on its own ({@link #takeSnapshots}), never inside a command's transaction. A snapshot
 * is taken only at an event older than {@link #SETTLED}, so that a transaction that took its
 * place in the global order earlier but committed later is in it. The events after a snapshot are
 * read from its position on, and the model's per-aggregate sequences make an event that was in
 * the snapshot count once.
 */
@Component
public class AccessHistory {

    /** How far behind the present a snapshot stays, and how far event times may be out of order. */
    static final Duration SETTLED = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(AccessHistory.class);
    private static final int BATCH = 5_000;

    /** The model at a moment, and how it was built: from which snapshot, with how many events after it. */
    public record Moment(AccessModel model, Instant at, long snapshotPosition, int eventsReplayed) {}

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final long snapshotEvery;
    private final String[] types;

    AccessHistory(
            JdbcTemplate jdbc,
            @Qualifier("eventSerializer") Serializer serializer,
            @Value("${bridge.audit.access-snapshot-every:20000}") long snapshotEvery) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.snapshotEvery = snapshotEvery;
        this.types = AccessModel.EVENT_TYPES.stream().map(Class::getName).toArray(String[]::new);
    }

    /** The access model as it stood at {@code at}: every access event whose time is at or before it. */
    public Moment at(Instant at) {
        var snapshot = jdbc.query(
                "SELECT position, state FROM access_snapshot WHERE latest_at <= ? ORDER BY position DESC LIMIT 1",
                (rs, n) -> new Object[] {rs.getLong(1), rs.getBytes(2)},
                Timestamp.from(at));
        long from = snapshot.isEmpty() ? 0 : (long) snapshot.getFirst()[0];
        AccessModel model =
                snapshot.isEmpty() ? AccessModel.empty() : new AccessModel(read((byte[]) snapshot.getFirst()[1]));
        Instant until = at.plus(SETTLED);
        Long bound = jdbc
                .query(
                        "SELECT position FROM access_snapshot WHERE latest_at > ? ORDER BY position LIMIT 1",
                        (rs, n) -> rs.getLong(1),
                        Timestamp.from(until))
                .stream()
                .findFirst()
                .orElse(Long.MAX_VALUE);
        int replayed = 0;
        long after = from;
        while (true) {
            List<Recorded> rows = rows(after, bound);
            for (Recorded row : rows) {
                if (!row.at().isAfter(at)) {
                    model.apply(row.event(), row.sequence(), row.cause());
                    replayed++;
                }
            }
            if (rows.size() < BATCH || rows.getLast().at().isAfter(until)) {
                break;
            }
            after = rows.getLast().cause().position();
        }
        return new Moment(model, at, from, replayed);
    }

    /**
     * Follows the store from the latest snapshot and writes one every {@code snapshotEvery}
     * positions that have settled; answers how many it wrote. Safe to run on several nodes at once:
     * a snapshot at a position is the same whoever takes it.
     */
    public int takeSnapshots(Instant now) {
        var latest = jdbc.query(
                "SELECT position, state FROM access_snapshot ORDER BY position DESC LIMIT 1",
                (rs, n) -> read(rs.getBytes(2)));
        AccessModel model = latest.isEmpty() ? AccessModel.empty() : new AccessModel(latest.getFirst());
        long lastSnapshot = model.position();
        Instant settled = now.minus(SETTLED);
        int written = 0;
        long after = model.position();
        while (true) {
            List<Recorded> rows = rows(after, Long.MAX_VALUE);
            for (Recorded row : rows) {
                if (row.at().isAfter(settled)) {
                    return written;
                }
                model.apply(row.event(), row.sequence(), row.cause());
                if (model.position() - lastSnapshot >= snapshotEvery) {
                    save(model, now);
                    lastSnapshot = model.position();
                    written++;
                }
            }
            if (rows.size() < BATCH) {
                return written;
            }
            after = rows.getLast().cause().position();
        }
    }

    private void save(AccessModel model, Instant now) {
        jdbc.update(
                "INSERT INTO access_snapshot (position, latest_at, state, taken_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (position) DO NOTHING",
                model.position(),
                Timestamp.from(model.latest()),
                write(model.state()),
                Timestamp.from(now));
        log.debug("Access snapshot taken at position {}", model.position());
    }

    /** One event as the store holds it: its payload, its place in its aggregate's stream, and its cause. */
    public record Recorded(Object event, long sequence, Cause cause) {
        Instant at() {
            return cause.at();
        }
    }

    private List<Recorded> rows(long after, long upTo) {
        return jdbc.query(
                "SELECT global_index, sequence_number, payload_type, payload_revision, payload, meta_data, time_stamp"
                        + " FROM domain_event_entry WHERE payload_type = ANY(?) AND global_index > ? AND global_index <= ?"
                        + " ORDER BY global_index LIMIT " + BATCH,
                ps -> {
                    ps.setArray(1, ps.getConnection().createArrayOf("varchar", types));
                    ps.setLong(2, after);
                    ps.setLong(3, upTo);
                },
                (rs, n) -> row(rs));
    }

    private Recorded row(ResultSet rs) throws SQLException {
        String type = rs.getString("payload_type");
        Object event = serializer.deserialize(new SimpleSerializedObject<>(
                rs.getBytes("payload"), byte[].class, type, rs.getString("payload_revision")));
        byte[] metaBytes = rs.getBytes("meta_data");
        Map<String, ?> meta = metaBytes == null
                ? Map.of()
                : serializer.deserialize(
                        new SimpleSerializedObject<>(metaBytes, byte[].class, MetaData.class.getName(), null));
        var cause = new Cause(
                rs.getLong("global_index"),
                Instant.parse(rs.getString("time_stamp")),
                type.substring(type.lastIndexOf('.') + 1),
                text(meta.get(AuditMetadata.ACTOR)),
                text(meta.get(AuditMetadata.CLIENT_IP)),
                text(meta.get(AuditMetadata.REASON)));
        return new Recorded(event, rs.getLong("sequence_number"), cause);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private byte[] write(AccessModel.State state) {
        var out = new ByteArrayOutputStream();
        try (var zip = new GZIPOutputStream(out)) {
            zip.write(serializer.serialize(state, byte[].class).getData());
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return out.toByteArray();
    }

    private AccessModel.State read(byte[] stored) {
        try (var zip = new GZIPInputStream(new ByteArrayInputStream(stored))) {
            return serializer.deserialize(new SimpleSerializedObject<>(
                    zip.readAllBytes(), byte[].class, AccessModel.State.class.getName(), null));
        } catch (IOException corrupt) {
            throw new UncheckedIOException(corrupt);
        }
    }

    /** Every event of {@code aggregates}, oldest first: a token's or a user's own story. */
    public List<Recorded> eventsOf(List<String> aggregates) {
        var causes = new ArrayList<Recorded>();
        jdbc.query(
                "SELECT global_index, sequence_number, payload_type, payload_revision, payload, meta_data, time_stamp"
                        + " FROM domain_event_entry WHERE aggregate_identifier = ANY(?) ORDER BY global_index",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("varchar", aggregates.toArray())),
                rs -> {
                    causes.add(row(rs));
                });
        return causes;
    }
}
