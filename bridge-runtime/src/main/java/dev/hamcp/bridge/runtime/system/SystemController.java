package dev.hamcp.bridge.runtime.system;

import dev.hamcp.bridge.api.maintenance.RecordRequestLogPurge;
import dev.hamcp.bridge.runtime.DataDirectory;
import dev.hamcp.bridge.runtime.axon.Commands;
import dev.hamcp.bridge.runtime.database.DatabaseProperties;
import dev.hamcp.bridge.runtime.mcp.requestlog.RequestLog;
import dev.hamcp.bridge.runtime.security.BridgePrincipal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.info.BuildProperties;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The installation's maintenance endpoints, for the dashboard's System page and for scripts
 * (administrators only, like everything under {@code /admin}): what the bridge is and holds
 * ({@code GET /admin/system}, {@code GET /admin/stats}), and the request log's purge on demand
 * ({@code POST /admin/cleanup}), recorded as an event with who, from where and why.
 */
@RestController
class SystemController {

    /** What this bridge is: its build, its database, and how long it keeps what. */
    record SystemInfo(
            String version,
            Instant builtAt,
            String java,
            String database,
            String databaseServer,
            Duration requestLogRetention,
            int logFileRetentionDays,
            Duration checkpointInterval) {}

    /** What the installation holds now, and what happened in the last day. */
    record Stats(
            Instant at,
            Map<String, Long> callsLastDay,
            long callsLastDayFailed,
            long requestLogRows,
            long requestLogBytes,
            long users,
            long openSignInSessions,
            long events,
            long databaseBytes,
            int logFiles,
            long logBytes) {}

    /** What a purge did. */
    record Cleanup(Instant cutoff, long deleted) {}

    private final DatabaseClient db;
    private final RequestLog requestLog;
    private final Commands commands;
    private final DatabaseProperties database;
    private final ObjectProvider<BuildProperties> build;
    private final Path logs;
    private final int logFileRetentionDays;
    private final Duration checkpointInterval;

    SystemController(
            DatabaseClient db,
            RequestLog requestLog,
            Commands commands,
            DatabaseProperties database,
            ObjectProvider<BuildProperties> build,
            DataDirectory dataDirectory,
            @Value("${bridge.logging.retention-days:30}") int logFileRetentionDays,
            @Value("${bridge.audit.chain.checkpoint-interval:1h}") Duration checkpointInterval) {
        this.db = db;
        this.requestLog = requestLog;
        this.commands = commands;
        this.database = database;
        this.build = build;
        this.logs = dataDirectory.root().resolve("logs");
        this.logFileRetentionDays = logFileRetentionDays;
        this.checkpointInterval = checkpointInterval;
    }

    @GetMapping("/admin/system")
    Mono<SystemInfo> system() {
        BuildProperties built = build.getIfAvailable();
        return one("SHOW server_version", "server_version", String.class)
                .map(server -> new SystemInfo(
                        built == null ? "development" : built.getVersion(),
                        built == null ? null : built.getTime(),
                        Runtime.version().toString(),
                        database.embedded() ? "embedded" : "external",
                        "PostgreSQL " + server,
                        requestLog.retention(),
                        logFileRetentionDays,
                        checkpointInterval));
    }

    @GetMapping("/admin/stats")
    Mono<Stats> stats() {
        Instant now = Instant.now();
        Mono<Map<String, Long>> calls = db.sql("SELECT outcome, COUNT(*) AS n FROM request_log WHERE at >= :since"
                        + " GROUP BY outcome ORDER BY outcome")
                .bind("since", now.minus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC))
                .map(row -> Map.entry(row.get("outcome", String.class), row.get("n", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new);
        Mono<long[]> sizes = db.sql("SELECT (SELECT COUNT(*) FROM request_log) AS rows,"
                        + " pg_total_relation_size('request_log') AS log_bytes,"
                        + " (SELECT COUNT(*) FROM users) AS users,"
                        + " (SELECT COUNT(*) FROM user_sessions WHERE expires_at > now()) AS sessions,"
                        + " (SELECT COUNT(*) FROM domain_event_entry) AS events,"
                        + " pg_database_size(current_database()) AS db_bytes")
                .map(row -> new long[] {
                    row.get("rows", Long.class),
                    row.get("log_bytes", Long.class),
                    row.get("users", Long.class),
                    row.get("sessions", Long.class),
                    row.get("events", Long.class),
                    row.get("db_bytes", Long.class)
                })
                .one();
        Mono<long[]> files = Mono.fromCallable(this::logFiles).subscribeOn(Schedulers.boundedElastic());
        return Mono.zip(calls, sizes, files).map(all -> {
            Map<String, Long> byOutcome = all.getT1();
            long[] size = all.getT2();
            long failed = byOutcome.entrySet().stream()
                    .filter(entry -> !"OK".equals(entry.getKey()))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
            return new Stats(
                    now,
                    byOutcome,
                    failed,
                    size[0],
                    size[1],
                    size[2],
                    size[3],
                    size[4],
                    size[5],
                    (int) all.getT3()[0],
                    all.getT3()[1]);
        });
    }

    @PostMapping("/admin/cleanup")
    Mono<Cleanup> cleanup(
            @RequestHeader(name = Commands.REASON_HEADER, required = false) String reason,
            @AuthenticationPrincipal BridgePrincipal admin,
            ServerWebExchange exchange) {
        return Commands.checkReason(reason)
                .then(Mono.fromCallable(requestLog::purgeExpired).subscribeOn(Schedulers.boundedElastic()))
                .flatMap(purge -> commands.send(
                                new RecordRequestLogPurge(purge.cutoff(), purge.rows()), admin, exchange, reason)
                        .thenReturn(new Cleanup(purge.cutoff(), purge.rows())));
    }

    private <T> Mono<T> one(String sql, String column, Class<T> type) {
        return db.sql(sql).map(row -> row.get(column, type)).one();
    }

    /** How many daily log files the data directory holds, and their bytes. */
    private long[] logFiles() {
        if (!Files.isDirectory(logs)) {
            return new long[] {0, 0};
        }
        try (Stream<Path> files = Files.list(logs)) {
            long[] found = {0, 0};
            files.filter(Files::isRegularFile).forEach(file -> {
                found[0]++;
                found[1] += file.toFile().length();
            });
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
