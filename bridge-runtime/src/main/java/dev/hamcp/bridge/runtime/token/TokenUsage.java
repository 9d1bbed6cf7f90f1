package dev.hamcp.bridge.runtime.token;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * When each API token was last used, from where, and how often: counted in memory on the request
 * path, written in one batch per flush interval, never an event per request.
 */
@Component
public class TokenUsage implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TokenUsage.class);

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
    private ScheduledExecutorService flusher;

    @Autowired
    TokenUsage(JdbcTemplate jdbc, TokenProperties properties) {
        this(jdbc, properties, Clock.systemUTC());
    }

    TokenUsage(JdbcTemplate jdbc, TokenProperties properties, Clock clock) {
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
    public synchronized void flush() {
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

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            // The counts of this batch are lost; only the kind of failure is worth a line.
            log.warn("Could not write API token usage ({})", e.getClass().getSimpleName());
        }
    }

    @Override
    public synchronized void start() {
        flusher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("token-usage-writer").daemon(true).factory());
        long every = properties.usageFlushInterval().toMillis();
        flusher.scheduleWithFixedDelay(this::flushQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** Writes the last counts before the database goes away. */
    @Override
    public synchronized void stop() {
        if (flusher == null) {
            return;
        }
        flusher.shutdown();
        try {
            flusher.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flusher = null;
        flushQuietly();
    }

    @Override
    public boolean isRunning() {
        return flusher != null;
    }

    /** Stops after the web server, like the request log, and before the DataSource closes. */
    @Override
    public int getPhase() {
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 2048;
    }
}
