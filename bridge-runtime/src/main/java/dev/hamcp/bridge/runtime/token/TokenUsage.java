package dev.hamcp.bridge.runtime.token;

import dev.hamcp.bridge.runtime.database.PeriodicFlush;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * When each API token was last used, from where, and how often: counted in memory on the request
 * path, written in one batch per flush interval, never an event per request.
 */
@Component
public class TokenUsage extends PeriodicFlush {

    /** Uses of one token since the last flush. */
    public record Use(String userId, Instant lastUsedAt, String lastIp, long uses) {

        Use plus(Use later) {
            return new Use(userId, later.lastUsedAt(), later.lastIp(), uses + later.uses());
        }
    }

    private final JdbcTemplate jdbc;
    private final TokenProperties properties;
    private final Clock clock;
    private final Map<String, Use> pending = new ConcurrentHashMap<>();

    @Autowired
    TokenUsage(JdbcTemplate jdbc, TokenProperties properties) {
        this(jdbc, properties, Clock.systemUTC());
    }

    TokenUsage(JdbcTemplate jdbc, TokenProperties properties, Clock clock) {
        super("token-usage-writer", "API token usage");
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /** Counts one request authenticated by {@code tokenId}; never blocks. */
    public void touch(String tokenId, String userId, String clientIp) {
        pending.merge(tokenId, new Use(userId, clock.instant(), clientIp, 1), Use::plus);
    }

    /** The uses of {@code tokenId} not yet written, if any. */
    public Optional<Use> unwritten(String tokenId) {
        return Optional.ofNullable(pending.get(tokenId));
    }

    /** Writes what was counted since the last flush. */
    @Override
    protected synchronized void flush() {
        var batch = new ArrayList<Object[]>();
        for (String tokenId : pending.keySet()) {
            Use use = pending.remove(tokenId);
            if (use != null) {
                batch.add(
                        new Object[] {tokenId, use.userId(), Timestamp.from(use.lastUsedAt()), use.lastIp(), use.uses()
                        });
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                INSERT INTO api_token_usage (token_id, user_id, last_used_at, last_ip, uses)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (token_id) DO UPDATE SET
                    last_used_at = GREATEST(api_token_usage.last_used_at, EXCLUDED.last_used_at),
                    last_ip = CASE WHEN EXCLUDED.last_used_at >= api_token_usage.last_used_at
                                   THEN EXCLUDED.last_ip ELSE api_token_usage.last_ip END,
                    uses = api_token_usage.uses + EXCLUDED.uses
                """, batch);
    }

    @Override
    protected Duration interval() {
        return properties.usageFlushInterval();
    }
}
