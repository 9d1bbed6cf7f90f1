package dev.hamcp.bridge.runtime.audit.trail;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.query.access.AccessView;
import dev.hamcp.bridge.runtime.web.ApiException;
import dev.hamcp.bridge.runtime.web.Csv;
import dev.hamcp.bridge.runtime.web.QueryParameters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit trail for administrators: every event of the whole history, filtered ({@link
 * AuditFilter}), newest first and paged on the global position; the same set exported as JSON
 * lines or CSV, streamed from the database; and a live stream of server-sent events for an
 * external collector ({@link AuditStream}).
 */
@RestController
@RequestMapping("/admin/security/audit")
class AuditController {

    static final int DEFAULT_PER_PAGE = 50;
    static final int MOST_PER_PAGE = 500;

    static final List<String> CSV_COLUMNS = List.of(
            "position",
            "at",
            "type",
            "summary",
            "actor",
            "actorName",
            "actorTokenId",
            "user",
            "userName",
            "tokenId",
            "connectionId",
            "upstream",
            "correlationId",
            "clientIp",
            "payload",
            "metadata");

    private static final List<String> PAGE_PARAMETERS = with("before", "limit");
    private static final List<String> EXPORT_PARAMETERS = with("format");
    private static final List<String> STREAM_PARAMETERS = with("after");

    record Page(List<AuditTrail.Event> items, String nextCursor) {}

    private final AuditTrail trail;
    private final AuditStream stream;
    private final AccessView users;
    private final JsonMapper json;
    private final Duration mostLife;
    private final AtomicInteger open = new AtomicInteger();

    AuditController(
            AuditTrail trail,
            AuditStream stream,
            AccessView users,
            JsonMapper json,
            @Value("${bridge.live.most-stream-life:10m}") Duration mostLife) {
        this.trail = trail;
        this.stream = stream;
        this.users = users;
        this.json = json;
        this.mostLife = mostLife;
    }

    @GetMapping
    Mono<Page> page(@RequestParam MultiValueMap<String, String> query) {
        var params = QueryParameters.of(query, PAGE_PARAMETERS);
        var filter = AuditFilter.of(params, users);
        int limit = (int) params.number("limit", 1, MOST_PER_PAGE, DEFAULT_PER_PAGE);
        Long before = params.text("before") == null ? null : params.number("before", 0, Long.MAX_VALUE, 0);
        return trail.page(filter, before, limit + 1).collectList().map(events -> {
            var shown = events.stream().limit(limit).toList();
            String next = events.size() > limit ? Long.toString(shown.getLast().position()) : null;
            return new Page(shown, next);
        });
    }

    @GetMapping("/export")
    ResponseEntity<Flux<String>> export(@RequestParam MultiValueMap<String, String> query) {
        var params = QueryParameters.of(query, EXPORT_PARAMETERS);
        var filter = AuditFilter.of(params, users);
        String format = params.text("format") == null ? "jsonl" : params.text("format");
        return switch (format) {
            case "jsonl" ->
                download("audit.jsonl", MediaType.APPLICATION_NDJSON)
                        .body(trail.all(filter).map(event -> json.writeValueAsString(event) + "\n"));
            case "csv" ->
                download("audit.csv", MediaType.parseMediaType("text/csv; charset=utf-8"))
                        .body(Flux.concat(
                                Flux.just(Csv.row(CSV_COLUMNS)),
                                trail.all(filter).map(this::csv)));
            default -> throw QueryParameters.invalid("format", "jsonl or csv");
        };
    }

    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<String>> stream(
            @RequestParam MultiValueMap<String, String> query,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        // Read before a stream is counted: a refused request must not hold one of the streams.
        var params = QueryParameters.of(query, STREAM_PARAMETERS);
        var filter = AuditFilter.of(params, users);
        Long resume = position(lastEventId);
        if (resume == null && params.text("after") != null) {
            resume = params.number("after", 0, Long.MAX_VALUE, 0);
        }
        if (open.incrementAndGet() > AuditStream.MOST_STREAMS) {
            open.decrementAndGet();
            throw ApiException.rateLimited(
                    AuditStream.MOST_STREAMS + " audit streams are open already; close one first.",
                    AuditStream.KEEP_ALIVE.toSeconds());
        }
        Mono<Long> start = resume != null ? Mono.just(resume) : trail.head();
        Flux<ServerSentEvent<String>> events = start.flatMapMany(after -> stream.follow(filter, after))
                .map(event -> ServerSentEvent.<String>builder()
                        .event("audit")
                        .id(Long.toString(event.position()))
                        .data(json.writeValueAsString(event))
                        .build());
        Flux<ServerSentEvent<String>> keepAlive = Flux.interval(AuditStream.KEEP_ALIVE)
                .map(tick ->
                        ServerSentEvent.<String>builder().comment("keep-alive").build());
        // A first comment at once: the answer starts now, even when nothing is there to tell yet.
        var started = ServerSentEvent.<String>builder().comment("audit trail").build();
        return Flux.concat(Flux.just(started), Flux.merge(events, keepAlive))
                .take(mostLife)
                .doFinally(signal -> open.decrementAndGet());
    }

    private String csv(AuditTrail.Event event) {
        return Csv.row(java.util.Arrays.asList(
                event.position(),
                event.at(),
                event.type(),
                event.summary(),
                event.actor(),
                event.actorName(),
                event.actorTokenId(),
                event.user(),
                event.userName(),
                event.tokenId(),
                event.connectionId(),
                event.upstream(),
                event.correlationId(),
                event.clientIp(),
                json.writeValueAsString(event.payload()),
                json.writeValueAsString(event.metadata())));
    }

    private static ResponseEntity.BodyBuilder download(String fileName, MediaType type) {
        return ResponseEntity.ok()
                .contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"");
    }

    /** Where a stream resumes: the {@code Last-Event-ID} its client sends back, a position of the trail. */
    private static Long position(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long position = Long.parseLong(value.strip());
            if (position >= 0) {
                return position;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ApiException(ErrorCode.VALIDATION_FAILED, "Last-Event-ID must be the id of an event of this stream.");
    }

    private static List<String> with(String... more) {
        var names = new ArrayList<>(AuditFilter.PARAMETERS);
        names.addAll(List.of(more));
        return List.copyOf(names);
    }
}
