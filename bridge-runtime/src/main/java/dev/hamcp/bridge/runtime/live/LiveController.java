package dev.hamcp.bridge.runtime.live;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.runtime.mcp.requestlog.CallLog;
import dev.hamcp.bridge.runtime.mcp.requestlog.CallViews;
import dev.hamcp.bridge.runtime.security.BridgePrincipal;
import dev.hamcp.bridge.runtime.web.ApiException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard's live stream (server-sent events): the signed-in person's calls as they finish,
 * and changes of their tokens and Home Assistant connections. Each event's id is the last call
 * it has told of, so a client that reconnects with {@code Last-Event-ID} gets the calls it missed
 * first; changes are notices to read again, and a client reads everything again when it
 * (re)connects, which the {@code ready} event says. A stream lasts at most
 * {@code bridge.live.most-stream-life} (the client then reconnects, with a fresh credential: a
 * revoked or expired one is refused then), and a person may hold {@link #MOST_STREAMS} at once.
 */
@RestController
class LiveController {

    static final int MOST_STREAMS = 8;
    static final int MOST_REPLAYED = 500;
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final CallTail tail;
    private final LiveChanges changes;
    private final CallLog log;
    private final CallViews views;
    private final JsonMapper json;
    private final Duration mostLife;
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();

    LiveController(
            CallTail tail,
            LiveChanges changes,
            CallLog log,
            CallViews views,
            JsonMapper json,
            @Value("${bridge.live.most-stream-life:10m}") Duration mostLife) {
        this.tail = tail;
        this.changes = changes;
        this.log = log;
        this.views = views;
        this.json = json;
        this.mostLife = mostLife;
    }

    @GetMapping(path = "/api/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<String>> events(
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @AuthenticationPrincipal BridgePrincipal principal) {
        String userId = principal.userId();
        // Read before a stream is counted: a refused request must not hold one of the person's streams.
        long resumeAfter = parse(lastEventId);
        var count = open.computeIfAbsent(userId, id -> new AtomicInteger());
        if (count.incrementAndGet() > MOST_STREAMS) {
            count.decrementAndGet();
            throw ApiException.rateLimited(
                    "You have " + MOST_STREAMS + " live streams open already; close one first.",
                    KEEP_ALIVE.toSeconds());
        }
        var lastCall = new AtomicLong(resumeAfter);
        // The missed calls are read while the live ones already arrive: a call may come by both.
        Flux<CallLog.Call> missed = resumeAfter > 0 ? log.after(userId, resumeAfter, MOST_REPLAYED) : Flux.empty();
        var told = Collections.newSetFromMap(new LinkedHashMap<Long, Boolean>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
                return size() > MOST_REPLAYED + CallTail.MOST_PER_READ;
            }
        });
        var view = views.forUser(userId);
        Flux<ServerSentEvent<String>> calls = Flux.merge(
                        missed, tail.calls().filter(call -> userId.equals(call.userId())))
                .filter(call -> call.id() > resumeAfter && told.add(call.id()))
                .map(call -> {
                    lastCall.accumulateAndGet(call.id(), Math::max);
                    return event("call", Long.toString(call.id()), view.apply(call));
                });
        Flux<ServerSentEvent<String>> changed = changes.changes()
                .filter(change -> userId.equals(change.userId()))
                .map(change -> event(
                        change.kind(),
                        Long.toString(lastCall.get()),
                        Map.of(change.kind() + "Id", change.id(), "change", change.change())));
        Flux<ServerSentEvent<String>> keepAlive = Flux.interval(KEEP_ALIVE)
                .map(tick ->
                        ServerSentEvent.<String>builder().comment("keep-alive").build());
        return Flux.concat(
                        Flux.just(event("ready", Long.toString(lastCall.get()), Map.of())),
                        Flux.merge(calls, changed, keepAlive))
                .take(mostLife)
                .doFinally(signal -> count.decrementAndGet());
    }

    private ServerSentEvent<String> event(String name, String id, Object data) {
        return ServerSentEvent.<String>builder()
                .event(name)
                .id(id)
                .data(json.writeValueAsString(data))
                .build();
    }

    private static long parse(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(lastEventId.strip()));
        } catch (NumberFormatException e) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "Last-Event-ID is the id of an event of this stream.");
        }
    }
}
