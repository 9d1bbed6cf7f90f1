package dev.hamcp.bridge.runtime.mcp.requestlog;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.runtime.security.BridgePrincipal;
import dev.hamcp.bridge.runtime.web.ApiException;
import dev.hamcp.bridge.runtime.web.Csv;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * A person's own calls through the gateway: filtered and paged newest first, exported whole as
 * CSV or JSON (streamed from the database, so a large export never sits in memory), and counted
 * per hour or per day for the dashboard's charts. Only the caller's own calls: there is no id
 * of someone else's to ask for.
 */
@RestController
@RequestMapping("/api/calls")
class CallLogController {

    static final int MOST_PER_PAGE = 200;
    static final Duration MOST_HOURLY = Duration.ofDays(31);
    static final Duration MOST_DAILY = Duration.ofDays(366);

    static final List<String> CSV_COLUMNS = List.of(
            "id",
            "at",
            "tool",
            "upstream",
            "upstreamLabel",
            "outcome",
            "errorCode",
            "latencyMs",
            "requestBytes",
            "responseBytes",
            "clientIp",
            "tokenId",
            "tokenName");

    /** The query parameters the three endpoints know between them; any other is refused, not ignored. */
    private static final List<String> KNOWN =
            List.of("from", "to", "tool", "upstream", "tokenId", "outcome", "cursor", "limit", "format", "bucket");

    record Page(List<CallViews.CallView> items, String nextCursor) {}

    record Point(Instant start, long total, Map<RequestOutcome, Long> byOutcome, Double p50Ms, Double p95Ms) {}

    record Stats(String bucket, Instant from, Instant to, List<Point> points) {}

    private final CallLog log;
    private final CallViews views;
    private final JsonMapper json;

    CallLogController(CallLog log, CallViews views, JsonMapper json) {
        this.log = log;
        this.views = views;
        this.json = json;
    }

    @GetMapping
    Mono<Page> page(@RequestParam Map<String, String> query, @AuthenticationPrincipal BridgePrincipal principal) {
        var filter = filter(query, principal);
        int limit = limit(query.get("limit"));
        Long before = cursor(query.get("cursor"));
        return log.page(filter, before, limit + 1).map(calls -> {
            var shown = calls.stream()
                    .limit(limit)
                    .map(views.forUser(principal.userId()))
                    .toList();
            String next = calls.size() > limit ? shown.getLast().id() : null;
            return new Page(shown, next);
        });
    }

    @GetMapping("/export")
    ResponseEntity<Flux<String>> export(
            @RequestParam Map<String, String> query, @AuthenticationPrincipal BridgePrincipal principal) {
        var filter = filter(query, principal);
        String format = query.getOrDefault("format", "csv");
        var calls = log.all(filter).map(views.forUser(principal.userId()));
        return switch (format) {
            case "csv" ->
                download("calls.csv", MediaType.parseMediaType("text/csv; charset=utf-8"))
                        .body(Flux.concat(
                                Flux.just(String.join(",", CSV_COLUMNS) + "\r\n"), calls.map(CallLogController::csv)));
            case "json" ->
                download("calls.json", MediaType.APPLICATION_JSON)
                        .body(Flux.concat(
                                Flux.just("["),
                                calls.index()
                                        .map(numbered -> (numbered.getT1() == 0 ? "" : ",")
                                                + json.writeValueAsString(numbered.getT2())),
                                Flux.just("]")));
            default -> throw invalid("format", "csv or json");
        };
    }

    @GetMapping("/stats")
    Mono<Stats> stats(@RequestParam Map<String, String> query, @AuthenticationPrincipal BridgePrincipal principal) {
        String bucket = query.getOrDefault("bucket", "hour");
        CallLog.Width width =
                switch (bucket) {
                    case "hour" -> CallLog.Width.HOUR;
                    case "day" -> CallLog.Width.DAY;
                    default -> throw invalid("bucket", "hour or day");
                };
        Duration most = width == CallLog.Width.HOUR ? MOST_HOURLY : MOST_DAILY;
        Instant to = instant(query, "to", Instant.now());
        Instant from = instant(
                query, "from", to.minus(width == CallLog.Width.HOUR ? Duration.ofHours(24) : Duration.ofDays(30)));
        if (!from.isBefore(to) || Duration.between(from, to).compareTo(most) > 0) {
            throw invalid("from", "before to, and at most " + most.toDays() + " days before it per " + bucket);
        }
        var range = new HashMap<>(query);
        range.put("from", from.toString());
        range.put("to", to.toString());
        return log.buckets(filter(range, principal), width)
                .map(buckets -> new Stats(
                        bucket,
                        from,
                        to,
                        buckets.stream()
                                .map(b -> new Point(b.start(), b.total(), b.byOutcome(), b.p50Ms(), b.p95Ms()))
                                .toList()));
    }

    /** The filters of a query, for the caller's own calls only; an unknown or malformed one is refused. */
    private CallFilter filter(Map<String, String> query, BridgePrincipal principal) {
        for (String name : query.keySet()) {
            if (!KNOWN.contains(name)) {
                throw new ApiException(
                        ErrorCode.VALIDATION_FAILED,
                        "Unknown query parameter " + clip(name) + "; known: " + KNOWN + ".");
            }
        }
        RequestOutcome outcome = null;
        if (query.get("outcome") != null) {
            try {
                outcome = RequestOutcome.valueOf(query.get("outcome").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw invalid("outcome", "one of " + List.of(RequestOutcome.values()));
            }
        }
        return new CallFilter(
                principal.userId(),
                instant(query, "from", null),
                instant(query, "to", null),
                blankToNull(query.get("tool")),
                blankToNull(query.get("upstream")),
                blankToNull(query.get("tokenId")),
                outcome);
    }

    /** One CSV row ({@link Csv}: a text that a spreadsheet would take for a formula is made plain text). */
    static String csv(CallViews.CallView call) {
        return Csv.row(List.<Function<CallViews.CallView, Object>>of(
                        CallViews.CallView::id,
                        CallViews.CallView::at,
                        CallViews.CallView::tool,
                        CallViews.CallView::upstream,
                        CallViews.CallView::upstreamLabel,
                        CallViews.CallView::outcome,
                        CallViews.CallView::errorCode,
                        CallViews.CallView::latencyMs,
                        CallViews.CallView::requestBytes,
                        CallViews.CallView::responseBytes,
                        CallViews.CallView::clientIp,
                        CallViews.CallView::tokenId,
                        CallViews.CallView::tokenName)
                .stream()
                .map(column -> column.apply(call))
                .toList());
    }

    private static ResponseEntity.BodyBuilder download(String fileName, MediaType type) {
        return ResponseEntity.ok()
                .contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"");
    }

    private static int limit(String value) {
        if (value == null) {
            return 50;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MOST_PER_PAGE) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw invalid("limit", "a number from 1 to " + MOST_PER_PAGE);
    }

    private static Long cursor(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalid("cursor", "the nextCursor of a previous page");
        }
    }

    private static Instant instant(Map<String, String> query, String name, Instant otherwise) {
        String value = blankToNull(query.get(name));
        if (value == null) {
            return otherwise;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(name, "an ISO-8601 instant such as 2026-12-01T10:00:00Z");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String clip(String name) {
        return name.length() > 40 || !name.matches("[A-Za-z0-9_.-]*") ? "(unreadable)" : name;
    }

    private static ApiException invalid(String parameter, String expected) {
        return new ApiException(
                ErrorCode.VALIDATION_FAILED,
                "The query parameter " + parameter + " must be " + expected + ".",
                Map.of(),
                Map.of("errors", List.of(Map.of("field", parameter, "message", "must be " + expected))));
    }
}
