package dev.hamcp.bridge.runtime.audit.access;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.token.ApiTokenIssued;
import dev.hamcp.bridge.api.token.ApiTokenPermissionsChanged;
import dev.hamcp.bridge.api.token.ApiTokenRevoked;
import dev.hamcp.bridge.query.history.AccessHistory;
import dev.hamcp.bridge.query.history.AccessHistory.Recorded;
import dev.hamcp.bridge.query.history.AccessModel;
import dev.hamcp.bridge.runtime.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One API token's life story: who issued it, from where and with what (never its hash), each
 * change of its permissions, its uses per day with tools, outcomes and client addresses (from the
 * request log, for as long as it keeps them; days in UTC), and its revocation or expiry.
 */
@Component
class TokenLife {

    /** One step of the story, with what it set. */
    record Step(Explained.Event event, String what, Map<String, Object> details) {}

    /** A day's uses. */
    record DayUse(
            LocalDate day,
            long calls,
            Map<String, Long> byTool,
            Map<String, Long> byOutcome,
            List<String> clientAddresses) {}

    record Life(
            String tokenId,
            String userId,
            String username,
            String name,
            String status,
            Instant issuedAt,
            Instant expiresAt,
            Instant revokedAt,
            List<Step> story,
            List<DayUse> uses) {}

    private final AccessHistory history;
    private final DatabaseClient db;
    private final Clock clock = Clock.systemUTC();

    TokenLife(AccessHistory history, DatabaseClient db) {
        this.history = history;
        this.db = db;
    }

    Mono<Life> of(String tokenId) {
        Instant now = clock.instant();
        return Mono.fromCallable(() -> {
                    List<Recorded> events = history.eventsOf(List.of(tokenId));
                    if (events.isEmpty() || !(events.getFirst().event() instanceof ApiTokenIssued)) {
                        throw new ApiException(ErrorCode.TOKEN_NOT_FOUND, "No such API token.");
                    }
                    return Map.entry(events, history.at(now).model());
                })
                .subscribeOn(Schedulers.boundedElastic())
                .zipWith(uses(tokenId), (found, uses) -> life(found.getKey(), found.getValue(), uses, now));
    }

    private static Life life(List<Recorded> events, AccessModel now, List<DayUse> uses, Instant at) {
        var issued = (ApiTokenIssued) events.getFirst().event();
        var explained = new Explained(now);
        var story = new ArrayList<Step>();
        Instant revokedAt = null;
        for (Recorded recorded : events) {
            var event = explained.event(recorded.cause());
            switch (recorded.event()) {
                case ApiTokenIssued e -> {
                    var details = new LinkedHashMap<String, Object>();
                    details.put("name", e.name());
                    details.put("displayPrefix", e.displayPrefix());
                    details.put("expiresAt", e.expiresAt());
                    details.put("permissions", e.permissions());
                    details.put("allowedNetworks", e.allowedNetworks());
                    details.put("requestsPerMinute", e.requestsPerMinute());
                    story.add(new Step(event, "issued", details));
                }
                case ApiTokenPermissionsChanged e -> {
                    var details = new LinkedHashMap<String, Object>();
                    details.put("permissions", e.permissions());
                    story.add(new Step(event, "permissions changed", details));
                }
                case ApiTokenRevoked e -> {
                    revokedAt = e.revokedAt();
                    story.add(new Step(event, "revoked", Map.of()));
                }
                default -> {}
            }
        }
        String status = revokedAt != null
                ? "revoked"
                : issued.expiresAt() != null && !at.isBefore(issued.expiresAt()) ? "expired" : "active";
        if (status.equals("expired")) {
            story.add(new Step(null, "expired", Map.of("at", issued.expiresAt())));
        }
        var owner = now.people().get(issued.userId());
        return new Life(
                issued.tokenId(),
                issued.userId(),
                owner == null ? null : owner.username(),
                issued.name(),
                status,
                issued.issuedAt(),
                issued.expiresAt(),
                revokedAt,
                List.copyOf(story),
                uses);
    }

    private record Count(LocalDate day, String tool, String outcome, String clientIp, long calls) {}

    private Mono<List<DayUse>> uses(String tokenId) {
        return db.sql("SELECT (at AT TIME ZONE 'UTC')::date AS day, tool, outcome, client_ip, count(*) AS calls"
                        + " FROM request_log WHERE credential_id = :token GROUP BY 1, 2, 3, 4")
                .bind("token", tokenId)
                .map(row -> new Count(
                        row.get("day", LocalDate.class),
                        row.get("tool", String.class),
                        row.get("outcome", String.class),
                        row.get("client_ip", String.class),
                        row.get("calls", Long.class)))
                .all()
                .collectList()
                .map(TokenLife::byDay);
    }

    private static List<DayUse> byDay(List<Count> counts) {
        var days = new TreeMap<LocalDate, List<Count>>();
        counts.forEach(count ->
                days.computeIfAbsent(count.day(), day -> new ArrayList<>()).add(count));
        return days.entrySet().stream()
                .map(day -> {
                    var byTool = new TreeMap<String, Long>();
                    var byOutcome = new TreeMap<String, Long>();
                    var addresses = new TreeSet<String>();
                    long calls = 0;
                    for (Count count : day.getValue()) {
                        calls += count.calls();
                        byTool.merge(count.tool() == null ? "(none)" : count.tool(), count.calls(), Long::sum);
                        byOutcome.merge(count.outcome(), count.calls(), Long::sum);
                        if (count.clientIp() != null) {
                            addresses.add(count.clientIp());
                        }
                    }
                    return new DayUse(day.getKey(), calls, byTool, byOutcome, List.copyOf(addresses));
                })
                .toList();
    }
}
