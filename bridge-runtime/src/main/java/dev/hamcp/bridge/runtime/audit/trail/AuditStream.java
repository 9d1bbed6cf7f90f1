package dev.hamcp.bridge.runtime.audit.trail;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Follows the audit index for one live stream: the events after a position first, page by page,
 * then new ones as they are indexed, found by polling the index (it is written by whichever node
 * holds the indexing processor's segment, so there is nothing local to wait on). An event can be
 * indexed after one at a higher position (a transaction that committed late); the last {@link
 * #LOOKBACK} positions below the newest told are looked at again on every poll, and an event is
 * told once.
 */
@Component
class AuditStream {

    static final int MOST_STREAMS = 8;
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    static final int PAGE = 500;
    static final long LOOKBACK = 200;

    private final AuditTrail trail;
    private final Duration poll;

    AuditStream(AuditTrail trail, @Value("${bridge.audit.stream-poll-interval:500ms}") Duration poll) {
        this.trail = trail;
        this.poll = poll;
    }

    /** The events the filter selects after position {@code after}, then as they come, for ever. */
    Flux<AuditTrail.Event> follow(AuditFilter filter, long after) {
        return new Follower(filter, after).next();
    }

    private final class Follower {
        private final AuditFilter filter;
        private final long resumedAfter;
        private final AtomicLong newest;
        private final Set<Long> told = Collections.newSetFromMap(new LinkedHashMap<Long, Boolean>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
                return size() > PAGE + 2 * LOOKBACK;
            }
        });

        Follower(AuditFilter filter, long after) {
            this.filter = filter;
            this.resumedAfter = after;
            this.newest = new AtomicLong(after);
        }

        Flux<AuditTrail.Event> next() {
            return trail.after(filter, newest.get(), PAGE).collectList().flatMapMany(batch -> {
                var fresh = tell(batch);
                if (batch.size() >= PAGE) {
                    return Flux.concat(Flux.fromIterable(fresh), Flux.defer(this::next));
                }
                return Flux.concat(
                        Flux.fromIterable(fresh), late(), Mono.delay(poll).thenMany(Flux.defer(this::next)));
            });
        }

        /** Events indexed after newer ones were told: below the newest told, not told yet. */
        private Flux<AuditTrail.Event> late() {
            long upTo = newest.get();
            long above = Math.max(resumedAfter, upTo - LOOKBACK);
            if (upTo <= above) {
                return Flux.empty();
            }
            return trail.positions(filter, above, upTo)
                    .filter(position -> !told.contains(position))
                    .collectList()
                    .flatMapMany(missed -> missed.isEmpty() ? Flux.empty() : trail.at(missed))
                    .collectList()
                    .flatMapIterable(this::tell);
        }

        private List<AuditTrail.Event> tell(List<AuditTrail.Event> events) {
            return events.stream()
                    .filter(event -> told.add(event.position()))
                    .peek(event -> newest.accumulateAndGet(event.position(), Math::max))
                    .toList();
        }
    }
}
