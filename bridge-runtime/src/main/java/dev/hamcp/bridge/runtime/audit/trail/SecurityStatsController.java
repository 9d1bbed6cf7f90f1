package dev.hamcp.bridge.runtime.audit.trail;

import dev.hamcp.bridge.runtime.web.QueryParameters;
import java.time.Duration;
import java.time.Instant;
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
        var params = QueryParameters.of(query, KNOWN);
        String bucket = params.text("bucket") == null ? "hour" : params.text("bucket");
        SecurityStats.Width width =
                switch (bucket) {
                    case "hour" -> SecurityStats.Width.HOUR;
                    case "day" -> SecurityStats.Width.DAY;
                    default -> throw QueryParameters.invalid("bucket", "hour or day");
                };
        Duration most = width == SecurityStats.Width.HOUR ? MOST_HOURLY : MOST_DAILY;
        Instant to = params.instant("to", Instant.now());
        Instant from = params.instant(
                "from", to.minus(width == SecurityStats.Width.HOUR ? Duration.ofHours(24) : Duration.ofDays(30)));
        if (!from.isBefore(to) || Duration.between(from, to).compareTo(most) > 0) {
            throw QueryParameters.invalid(
                    "from", "before to, and at most " + most.toDays() + " days before it per " + bucket);
        }
        return stats.buckets(width, from, to).map(points -> new Stats(bucket, from, to, points));
    }
}
