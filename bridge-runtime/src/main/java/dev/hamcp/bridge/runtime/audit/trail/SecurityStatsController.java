package dev.hamcp.bridge.runtime.audit.trail;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.runtime.web.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Security counts over time for administrators ({@link SecurityStats}): per hour (at most 31
 * days) or per day (at most 366), over the last day or month unless a range is given.
 */
@RestController
class SecurityStatsController {

    static final Duration MOST_HOURLY = Duration.ofDays(31);
    static final Duration MOST_DAILY = Duration.ofDays(366);

    private static final List<String> KNOWN = List.of("bucket", "from", "to");

    record Stats(String bucket, Instant from, Instant to, List<SecurityStats.Point> points) {}

    private final SecurityStats stats;

    SecurityStatsController(SecurityStats stats) {
        this.stats = stats;
    }

    @GetMapping("/admin/security/stats")
    Mono<Stats> stats(@RequestParam Map<String, String> query) {
        for (String name : query.keySet()) {
            if (!KNOWN.contains(name)) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, "Unknown query parameter; known: " + KNOWN + ".");
            }
        }
        String bucket = query.getOrDefault("bucket", "hour");
        SecurityStats.Width width =
                switch (bucket) {
                    case "hour" -> SecurityStats.Width.HOUR;
                    case "day" -> SecurityStats.Width.DAY;
                    default -> throw AuditFilter.invalid("bucket", "hour or day");
                };
        Duration most = width == SecurityStats.Width.HOUR ? MOST_HOURLY : MOST_DAILY;
        Instant to = instant(query.get("to"), "to", Instant.now());
        Instant from = instant(
                query.get("from"),
                "from",
                to.minus(width == SecurityStats.Width.HOUR ? Duration.ofHours(24) : Duration.ofDays(30)));
        if (!from.isBefore(to) || Duration.between(from, to).compareTo(most) > 0) {
            throw AuditFilter.invalid(
                    "from", "before to, and at most " + most.toDays() + " days before it per " + bucket);
        }
        return stats.buckets(width, from, to).map(points -> new Stats(bucket, from, to, points));
    }

    private static Instant instant(String value, String name, Instant otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw AuditFilter.invalid(name, "an ISO-8601 instant such as 2026-12-01T10:00:00Z");
        }
    }
}
