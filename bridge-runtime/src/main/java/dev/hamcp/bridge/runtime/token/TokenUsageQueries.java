package dev.hamcp.bridge.runtime.token;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Reads how API tokens were used: the batched last-use table and the request log, reactively. */
@Component
class TokenUsageQueries {

    record LastUse(Instant lastUsedAt, String lastIp, long uses) {}

    record Day(LocalDate day, long calls, long denials) {}

    record Tool(String tool, long calls, long denials) {}

    private final DatabaseClient db;
    private final TokenUsage usage;

    TokenUsageQueries(DatabaseClient db, TokenUsage usage) {
        this.db = db;
        this.usage = usage;
    }

    /** The last use of each of {@code tokenIds}, including uses not yet written. */
    Mono<Map<String, LastUse>> lastUses(Collection<String> tokenIds) {
        if (tokenIds.isEmpty()) {
            return Mono.just(Map.of());
        }
        return db.sql("SELECT token_id, last_used_at, last_ip, uses FROM api_token_usage WHERE token_id = ANY(:ids)")
                .bind("ids", tokenIds.toArray(String[]::new))
                .map((row, meta) -> Map.entry(
                        row.get("token_id", String.class),
                        new LastUse(
                                row.get("last_used_at", OffsetDateTime.class).toInstant(),
                                row.get("last_ip", String.class),
                                row.get("uses", Long.class))))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .map(written -> {
                    var merged = new HashMap<String, LastUse>();
                    for (String id : tokenIds) {
                        LastUse use = merged(written.get(id), id);
                        if (use != null) {
                            merged.put(id, use);
                        }
                    }
                    return merged;
                });
    }

    private LastUse merged(LastUse written, String tokenId) {
        return usage.unwritten(tokenId)
                .map(fresh -> new LastUse(
                        fresh.lastUsedAt(), fresh.lastIp(), fresh.uses() + (written == null ? 0 : written.uses())))
                .orElse(written);
    }

    /** Calls through the gateway with {@code tokenId} since {@code since}, per day (UTC). */
    Mono<List<Day>> days(String tokenId, Instant since) {
        return db.sql("""
                        SELECT CAST(at AT TIME ZONE 'UTC' AS DATE) AS day, COUNT(*) AS calls,
                               COUNT(*) FILTER (WHERE outcome = 'DENIED') AS denials
                        FROM request_log WHERE credential_id = :token AND at >= :since
                        GROUP BY day ORDER BY day""")
                .bind("token", tokenId)
                .bind("since", since.atOffset(ZoneOffset.UTC))
                .map((row, meta) -> new Day(
                        row.get("day", LocalDate.class), row.get("calls", Long.class), row.get("denials", Long.class)))
                .all()
                .collectList();
    }

    /** Calls through the gateway with {@code tokenId} since {@code since}, per tool, the most used first. */
    Mono<List<Tool>> tools(String tokenId, Instant since) {
        return db.sql("""
                        SELECT tool, COUNT(*) AS calls, COUNT(*) FILTER (WHERE outcome = 'DENIED') AS denials
                        FROM request_log WHERE credential_id = :token AND at >= :since AND tool IS NOT NULL
                        GROUP BY tool ORDER BY calls DESC, tool LIMIT 200""")
                .bind("token", tokenId)
                .bind("since", since.atOffset(ZoneOffset.UTC))
                .map((row, meta) -> new Tool(
                        row.get("tool", String.class), row.get("calls", Long.class), row.get("denials", Long.class)))
                .all()
                .collectList();
    }
}
