package dev.hamcp.bridge.runtime.audit.trail;

import dev.hamcp.bridge.runtime.database.PeriodicFlush;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Counts presented credentials that were refused as unknown, expired, revoked or forged, per hour
 * and kind, for the security statistics: in memory on the request path (one counter increment),
 * added to {@code invalid_token_attempts} in one batch per flush interval. Never the token, never
 * the address: the log line of each refusal names the address, and a table keyed by address would
 * grow with every address a scan comes from.
 */
@Component
public class InvalidTokenAttempts extends PeriodicFlush {

    /** What was presented. */
    public enum Kind {
        /** A personal {@code mcp_} API token. */
        API_TOKEN,
        /** Any other bearer token: an access token of a dashboard session, or something passing for one. */
        ACCESS_TOKEN
    }

    record Key(Instant hour, Kind kind) {}

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration flushInterval;
    private final Map<Key, LongAdder> pending = new ConcurrentHashMap<>();

    @Autowired
    InvalidTokenAttempts(
            JdbcTemplate jdbc, @Value("${bridge.audit.counter-flush-interval:5s}") Duration flushInterval) {
        this(jdbc, flushInterval, Clock.systemUTC());
    }

    InvalidTokenAttempts(JdbcTemplate jdbc, Duration flushInterval, Clock clock) {
        super("invalid-token-counter", "invalid-token counts");
        this.jdbc = jdbc;
        this.flushInterval = flushInterval;
        this.clock = clock;
    }

    /** Counts one refused credential of {@code kind}; never blocks. */
    public void record(Kind kind) {
        pending.computeIfAbsent(new Key(clock.instant().truncatedTo(ChronoUnit.HOURS), kind), key -> new LongAdder())
                .increment();
    }

    /** What this node counted and has not written yet, per hour and kind. */
    Map<Key, Long> unwritten() {
        var counts = new HashMap<Key, Long>();
        pending.forEach((key, count) -> counts.put(key, count.sum()));
        return counts;
    }

    /** Adds what was counted since the last flush. */
    @Override
    protected synchronized void flush() {
        var batch = new ArrayList<Object[]>();
        Instant thisHour = clock.instant().truncatedTo(ChronoUnit.HOURS);
        for (var entry : pending.entrySet()) {
            Key key = entry.getKey();
            // Reset, not removed, while its hour lasts: a count taken as this runs is kept for the next flush.
            long attempts = entry.getValue().sumThenReset();
            if (key.hour().isBefore(thisHour)) {
                pending.remove(key);
            }
            if (attempts > 0) {
                batch.add(new Object[] {Timestamp.from(key.hour()), key.kind().name(), attempts});
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                INSERT INTO invalid_token_attempts (hour, kind, attempts) VALUES (?, ?, ?)
                ON CONFLICT (hour, kind) DO UPDATE SET attempts = invalid_token_attempts.attempts + EXCLUDED.attempts
                """, batch);
    }

    @Override
    protected Duration interval() {
        return flushInterval;
    }
}
