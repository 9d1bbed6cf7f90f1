package dev.hamcp.bridge.runtime.mcp.requestlog;

import dev.hamcp.bridge.runtime.security.BridgePrincipal;
import dev.hamcp.bridge.runtime.web.Csv;
import dev.hamcp.bridge.runtime.web.QueryParameters;
import java.time.Duration;
import java.time.Instant;
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
        var params = QueryParameters.of(query, KNOWN);
        int limit = (int) params.number("limit", 1, MOST_PER_PAGE, 50);
        Long before = params.text("cursor") == null ? null : params.number("cursor", 0, Long.MAX_VALUE, 0);
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
            default -> throw QueryParameters.invalid("format", "csv or json");
        };
    }

    @GetMapping("/stats")
    Mono<Stats> stats(@RequestParam Map<String, String> query, @AuthenticationPrincipal BridgePrincipal principal) {
        String bucket = query.getOrDefault("bucket", "hour");
        CallLog.Width width =
                switch (bucket) {
                    case "hour" -> CallLog.Width.HOUR;
                    case "day" -> CallLog.Width.DAY;
                    default -> throw QueryParameters.invalid("bucket", "hour or day");
                };
        Duration most = width == CallLog.Width.HOUR ? MOST_HOURLY : MOST_DAILY;
        var params = QueryParameters.of(query, KNOWN);
        Instant to = params.instant("to", Instant.now());
        Instant from = params.instant(
                "from", to.minus(width == CallLog.Width.HOUR ? Duration.ofHours(24) : Duration.ofDays(30)));
        if (!from.isBefore(to) || Duration.between(from, to).compareTo(most) > 0) {
            throw QueryParameters.invalid(
                    "from", "before to, and at most " + most.toDays() + " days before it per " + bucket);
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
        var params = QueryParameters.of(query, KNOWN);
        RequestOutcome outcome = null;
        if (query.get("outcome") != null) {
            try {
                outcome = RequestOutcome.valueOf(query.get("outcome").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw QueryParameters.invalid("outcome", "one of " + List.of(RequestOutcome.values()));
            }
        }
        return new CallFilter(
                principal.userId(),
                params.instant("from", null),
                params.instant("to", null),
                params.text("tool"),
                params.text("upstream"),
                params.text("tokenId"),
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
}
