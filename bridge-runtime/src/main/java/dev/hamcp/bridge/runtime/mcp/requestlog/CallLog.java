package dev.hamcp.bridge.runtime.mcp.requestlog;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Questions to the request log: a person's calls, page by page or all of them as a stream, and their counts over time. */
@Component
public class CallLog {

    /** One call as the log answers it. */
    public record Call(
            long id,
            Instant at,
            String userId,
            String credentialId,
            String tool,
            String upstream,
            RequestOutcome outcome,
            Integer errorCode,
            int latencyMs,
            int requestBytes,
            int responseBytes,
            String clientIp) {}

    /** The calls of one time bucket: how many, by outcome, and their median and 95th-percentile latency. */
    public record Bucket(Instant start, long total, Map<RequestOutcome, Long> byOutcome, Double p50Ms, Double p95Ms) {}

    public enum Width {
        HOUR,
        DAY
    }

    private record Count(LocalDateTime bucket, RequestOutcome outcome, long calls) {}

    private record Latency(LocalDateTime bucket, Double p50, Double p95) {}

    private static final String COLUMNS = "id, at, user_id, credential_id, tool, upstream, outcome, error_code,"
            + " latency_ms, request_bytes, response_bytes, client_ip";

    /** Rows an export reads from the database at a time, so a large one never sits in memory whole. */
    private static final int FETCH_SIZE = 500;

    private final DatabaseClient db;

    CallLog(DatabaseClient db) {
        this.db = db;
    }

    /** A page of calls newest first: at most {@code limit}, all before call {@code beforeId} when given. */
    public Mono<List<Call>> page(CallFilter filter, Long beforeId, int limit) {
        var where = Where.of(filter);
        if (beforeId != null) {
            where.and("id < :before", "before", beforeId);
        }
        return where.bind(
                        db.sql("SELECT " + COLUMNS + " FROM request_log" + where + " ORDER BY id DESC LIMIT " + limit))
                .map(CallLog::call)
                .all()
                .collectList();
    }

    /** Every call the filter selects, newest first, read from the database as they are written out. */
    public Flux<Call> all(CallFilter filter) {
        var where = Where.of(filter);
        return where.bind(db.sql("SELECT " + COLUMNS + " FROM request_log" + where + " ORDER BY id DESC"))
                .filter(statement -> statement.fetchSize(FETCH_SIZE))
                .map(CallLog::call)
                .all();
    }

    /** Calls after call {@code afterId}, oldest first, at most {@code limit}, of every user when {@code userId} is null. */
    public Flux<Call> after(String userId, long afterId, int limit) {
        var where = new Where().and("id > :after", "after", afterId);
        if (userId != null) {
            where.and("user_id = :user", "user", userId);
        }
        return where.bind(db.sql("SELECT " + COLUMNS + " FROM request_log" + where + " ORDER BY id LIMIT " + limit))
                .map(CallLog::call)
                .all();
    }

    /** The largest id written so far (0 when there is none): where a live view starts. */
    public Mono<Long> lastId() {
        return db.sql("SELECT COALESCE(MAX(id), 0) AS last FROM request_log")
                .map(row -> row.get("last", Long.class))
                .one();
    }

    /** Counts per {@code width} bucket (UTC), only buckets with calls, oldest first. */
    public Mono<List<Bucket>> buckets(CallFilter filter, Width width) {
        var where = Where.of(filter);
        String bucket = "date_trunc('" + width.name().toLowerCase() + "', at AT TIME ZONE 'UTC')";
        var counts = where.bind(db.sql("SELECT " + bucket + " AS bucket, outcome, COUNT(*) AS calls FROM request_log"
                        + where + " GROUP BY bucket, outcome"))
                .map(row -> new Count(
                        row.get("bucket", LocalDateTime.class),
                        RequestOutcome.valueOf(row.get("outcome", String.class)),
                        row.get("calls", Long.class)))
                .all()
                .collectList();
        var latencies = where.bind(db.sql("SELECT " + bucket + " AS bucket,"
                        + " percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,"
                        + " percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95 FROM request_log"
                        + where + " GROUP BY bucket"))
                .map(row -> new Latency(
                        row.get("bucket", LocalDateTime.class),
                        row.get("p50", Double.class),
                        row.get("p95", Double.class)))
                .all()
                .collectList();
        return Mono.zip(counts, latencies).map(both -> {
            var byBucket = new TreeMap<LocalDateTime, Map<RequestOutcome, Long>>();
            for (var count : both.getT1()) {
                byBucket.computeIfAbsent(count.bucket(), start -> new LinkedHashMap<>())
                        .put(count.outcome(), count.calls());
            }
            var percentiles = new HashMap<LocalDateTime, Latency>();
            both.getT2().forEach(latency -> percentiles.put(latency.bucket(), latency));
            List<Bucket> buckets = new ArrayList<>();
            byBucket.forEach((start, outcomes) -> {
                var latency = percentiles.get(start);
                buckets.add(new Bucket(
                        start.toInstant(ZoneOffset.UTC),
                        outcomes.values().stream().mapToLong(Long::longValue).sum(),
                        outcomes,
                        latency == null ? null : latency.p50(),
                        latency == null ? null : latency.p95()));
            });
            return buckets;
        });
    }

    private static Call call(Readable row) {
        return new Call(
                row.get("id", Long.class),
                row.get("at", OffsetDateTime.class).toInstant(),
                row.get("user_id", String.class),
                row.get("credential_id", String.class),
                row.get("tool", String.class),
                row.get("upstream", String.class),
                RequestOutcome.valueOf(row.get("outcome", String.class)),
                row.get("error_code", Integer.class),
                row.get("latency_ms", Integer.class),
                row.get("request_bytes", Integer.class),
                row.get("response_bytes", Integer.class),
                row.get("client_ip", String.class));
    }

    /** A WHERE clause of bound conditions only: no value is ever written into the SQL itself. */
    private static final class Where {
        private final List<String> conditions = new ArrayList<>();
        private final Map<String, Object> values = new LinkedHashMap<>();

        static Where of(CallFilter filter) {
            var where = new Where().and("user_id = :user", "user", filter.userId());
            if (filter.from() != null) {
                where.and("at >= :from", "from", filter.from().atOffset(ZoneOffset.UTC));
            }
            if (filter.to() != null) {
                where.and("at < :to", "to", filter.to().atOffset(ZoneOffset.UTC));
            }
            if (filter.tool() != null) {
                where.and("tool = :tool", "tool", filter.tool());
            }
            if (filter.upstream() != null) {
                where.and("upstream = :upstream", "upstream", filter.upstream());
            }
            if (filter.credentialId() != null) {
                where.and("credential_id = :credential", "credential", filter.credentialId());
            }
            if (filter.outcome() != null) {
                where.and("outcome = :outcome", "outcome", filter.outcome().name());
            }
            return where;
        }

        Where and(String condition, String name, Object value) {
            conditions.add(condition);
            values.put(name, value);
            return this;
        }

        DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec) {
            for (var value : values.entrySet()) {
                spec = spec.bind(value.getKey(), value.getValue());
            }
            return spec;
        }

        @Override
        public String toString() {
            return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        }
    }
}
