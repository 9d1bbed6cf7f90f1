package dev.hamcp.bridge.runtime.audit.trail;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Security counts per hour or day (UTC), each from where it is recorded: sign-ins, failed ones,
 * lockouts, tokens issued and revoked and failed connection tests from the audit index (that is,
 * from events); denied and rate-limited calls from the request log (kept for {@code
 * bridge.request-log.retention}); invalid-token attempts from their counters, this node's
 * unwritten ones included.
 */
@Component
class SecurityStats {

    /** The width of a bucket. */
    enum Width {
        HOUR,
        DAY;

        ChronoUnit unit() {
            return this == HOUR ? ChronoUnit.HOURS : ChronoUnit.DAYS;
        }

        String sql() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What one count is. */
    enum Measure {
        LOGINS,
        FAILED_LOGINS,
        LOCKOUTS,
        INVALID_TOKEN_ATTEMPTS,
        RATE_LIMITED_CALLS,
        TOKENS_ISSUED,
        TOKENS_REVOKED,
        CONNECTION_TESTS_FAILED
    }

    /** Why a call through the gateway was denied, from the outcomes the request log keeps. */
    enum DenialReason {
        /** The caller does not hold the level the tool needs (or its token does not). */
        PERMISSION("DENIED"),
        /** The call queue was full. */
        OVERLOADED("OVERLOADED");

        final String outcome;

        DenialReason(String outcome) {
            this.outcome = outcome;
        }
    }

    /** The counts of one bucket; every measure is present, zero included. */
    record Point(
            Instant start,
            long logins,
            long failedLogins,
            long lockouts,
            long invalidTokenAttempts,
            Map<String, Long> deniedCalls,
            long rateLimitedCalls,
            long tokensIssued,
            long tokensRevoked,
            long connectionTestsFailed) {}

    private static final Map<String, Measure> EVENT_MEASURES = Map.of(
            "SessionStarted", Measure.LOGINS,
            "LoginFailed", Measure.FAILED_LOGINS,
            "AccountLocked", Measure.LOCKOUTS,
            "ApiTokenIssued", Measure.TOKENS_ISSUED,
            "ApiTokenRevoked", Measure.TOKENS_REVOKED);

    private record Count(Instant bucket, String what, long count) {}

    private final DatabaseClient db;
    private final InvalidTokenAttempts attempts;

    SecurityStats(DatabaseClient db, InvalidTokenAttempts attempts) {
        this.db = db;
        this.attempts = attempts;
    }

    /** One point per bucket from {@code from} (rounded down) to {@code to}, oldest first. */
    Mono<List<Point>> buckets(Width width, Instant from, Instant to) {
        String bucket = "date_trunc('" + width.sql() + "', %s AT TIME ZONE 'UTC')";
        Flux<Count> events = counts(
                "SELECT " + bucket.formatted("at") + " AS bucket,"
                        + " CASE WHEN type = 'HaConnectionTested' THEN 'CONNECTION_TESTS_FAILED' ELSE type END AS what,"
                        + " COUNT(*) AS n FROM audit_event"
                        + " WHERE at >= :from AND at < :to AND (type = ANY(:types) OR (type = 'HaConnectionTested' AND failed))"
                        + " GROUP BY 1, 2",
                from,
                to,
                EVENT_MEASURES.keySet().toArray(String[]::new));
        Flux<Count> calls = counts(
                "SELECT " + bucket.formatted("at") + " AS bucket, outcome AS what, COUNT(*) AS n FROM request_log"
                        + " WHERE at >= :from AND at < :to AND outcome = ANY(:types) GROUP BY 1, 2",
                from,
                to,
                new String[] {"DENIED", "OVERLOADED", "RATE_LIMITED"});
        Flux<Count> invalid = counts(
                "SELECT " + bucket.formatted("hour") + " AS bucket, 'INVALID_TOKEN_ATTEMPTS' AS what,"
                        + " SUM(attempts)::bigint AS n FROM invalid_token_attempts"
                        + " WHERE hour >= :from AND hour < :to AND kind = ANY(:types) GROUP BY 1, 2",
                from.truncatedTo(ChronoUnit.HOURS),
                to,
                java.util.Arrays.stream(InvalidTokenAttempts.Kind.values())
                        .map(Enum::name)
                        .toArray(String[]::new));
        return Flux.concat(events, calls, invalid).collectList().map(counts -> points(width, from, to, counts));
    }

    private Flux<Count> counts(String sql, Instant from, Instant to, String[] types) {
        return db.sql(sql)
                .bind("from", from.atOffset(ZoneOffset.UTC))
                .bind("to", to.atOffset(ZoneOffset.UTC))
                .bind("types", types)
                .map(row -> new Count(
                        row.get("bucket", LocalDateTime.class).toInstant(ZoneOffset.UTC),
                        row.get("what", String.class),
                        row.get("n", Long.class)))
                .all();
    }

    private List<Point> points(Width width, Instant from, Instant to, List<Count> counts) {
        var byBucket = new TreeMap<Instant, Map<String, Long>>();
        for (Instant start = from.truncatedTo(width.unit()); start.isBefore(to); start = start.plus(1, width.unit())) {
            byBucket.put(start, new java.util.HashMap<>());
        }
        for (var count : counts) {
            var bucket = byBucket.get(count.bucket());
            if (bucket != null) {
                bucket.merge(count.what(), count.count(), Long::sum);
            }
        }
        attempts.unwritten().forEach((key, n) -> {
            var bucket = byBucket.get(key.hour().truncatedTo(width.unit()));
            if (bucket != null
                    && !key.hour().isBefore(from.truncatedTo(ChronoUnit.HOURS))
                    && key.hour().isBefore(to)) {
                bucket.merge(Measure.INVALID_TOKEN_ATTEMPTS.name(), n, Long::sum);
            }
        });
        var points = new ArrayList<Point>();
        byBucket.forEach((start, n) -> {
            var denied = new java.util.LinkedHashMap<String, Long>();
            for (DenialReason reason : DenialReason.values()) {
                denied.put(reason.name().toLowerCase(Locale.ROOT), n.getOrDefault(reason.outcome, 0L));
            }
            var byMeasure = new EnumMap<Measure, Long>(Measure.class);
            EVENT_MEASURES.forEach((type, measure) -> byMeasure.put(measure, n.getOrDefault(type, 0L)));
            points.add(new Point(
                    start,
                    byMeasure.get(Measure.LOGINS),
                    byMeasure.get(Measure.FAILED_LOGINS),
                    byMeasure.get(Measure.LOCKOUTS),
                    n.getOrDefault(Measure.INVALID_TOKEN_ATTEMPTS.name(), 0L),
                    denied,
                    n.getOrDefault("RATE_LIMITED", 0L),
                    byMeasure.get(Measure.TOKENS_ISSUED),
                    byMeasure.get(Measure.TOKENS_REVOKED),
                    n.getOrDefault(Measure.CONNECTION_TESTS_FAILED.name(), 0L)));
        });
        return points;
    }
}
