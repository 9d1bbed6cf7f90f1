package dev.hamcp.bridge.query.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Read-your-writes across nodes: a credential another node issued a moment ago is in the event
 * store before this node's follower has polled for it. When a lookup in the access views misses,
 * this reads the events the follower has not applied yet straight from the store, hands them to
 * the follower's own handlers (which count every event once, whoever delivers it), and looks
 * again; only then is the credential refused.
 *
 * <p>Bounded, so that guessing costs the database nothing much: one read at a time, shared by
 * every miss that arrived before it started (a miss joins the next read, never one already under
 * way, which might not see what was committed just before it arrived), at most
 * {@value #MOST_EVENTS} events, within {@link #WITHIN}; and a credential that still missed is
 * refused from memory for {@link #MISS_REMEMBERED}. The hot path is untouched: a credential this
 * node knows never gets here.
 */
@Component
public class CatchUp {

    static final int MOST_EVENTS = 1_000;
    static final Duration WITHIN = Duration.ofSeconds(2);
    static final Duration MISS_REMEMBERED = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(CatchUp.class);

    private final EventStorageEngine store;
    private final Configuration axon;
    private final Cache<String, Boolean> misses = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(MISS_REMEMBERED)
            .build();

    private final Object lock = new Object();
    private CompletableFuture<Void> nextRead;
    private boolean reading;
    private TrackingToken readUpTo;

    CatchUp(EventStorageEngine store, Configuration axon) {
        this.store = store;
        this.axon = axon;
    }

    /**
     * {@code lookup} again once this node has applied everything the store held when this was
     * called; empty if it still finds nothing, or at once if {@code missKey} (what the credential
     * is known by, never the credential itself; null for none) missed a moment ago.
     */
    public <T> Mono<T> lookAgain(String missKey, Supplier<Optional<T>> lookup) {
        return Mono.defer(() ->
                missKey != null && misses.getIfPresent(missKey) != null ? Mono.empty() : readThenLook(missKey, lookup));
    }

    private <T> Mono<T> readThenLook(String missKey, Supplier<Optional<T>> lookup) {
        return Mono.fromFuture(this::requestRead, true)
                .timeout(WITHIN)
                .onErrorResume(failure -> {
                    log.warn("Could not catch up with the event store: {}", failure.toString());
                    return Mono.empty();
                })
                .then(Mono.fromSupplier(() -> lookup.get().orElse(null)))
                .switchIfEmpty(Mono.fromRunnable(() -> {
                    if (missKey != null) {
                        misses.put(missKey, Boolean.TRUE);
                    }
                }));
    }

    private CompletableFuture<Void> requestRead() {
        synchronized (lock) {
            if (nextRead == null) {
                nextRead = new CompletableFuture<>();
                if (!reading) {
                    reading = true;
                    Thread.ofVirtual().name("catch-up").start(this::readWhileAsked);
                }
            }
            return nextRead;
        }
    }

    private void readWhileAsked() {
        while (true) {
            CompletableFuture<Void> read;
            synchronized (lock) {
                read = nextRead;
                nextRead = null;
                if (read == null) {
                    reading = false;
                    return;
                }
            }
            try {
                readTail();
                read.complete(null);
            } catch (Exception e) {
                read.completeExceptionally(e);
            }
        }
    }

    private void readTail() throws Exception {
        var follower = axon.eventProcessingConfiguration()
                .eventProcessor(AccessView.FOLLOWER_PROCESSOR, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("No " + AccessView.FOLLOWER_PROCESSOR + " processor"));
        var handlers = ((AbstractEventProcessor) follower).eventHandlerInvoker();
        TrackingToken from = followerPosition(follower);
        if (readUpTo != null && (from == null || readUpTo.covers(from))) {
            from = readUpTo;
        }
        TrackingToken last = from;
        try (var events = store.readEvents(from, false).limit(MOST_EVENTS)) {
            for (var iterator = events.iterator(); iterator.hasNext(); ) {
                TrackedEventMessage<?> event = iterator.next();
                if (handlers.canHandle(event, Segment.ROOT_SEGMENT)) {
                    handlers.handle(event, Segment.ROOT_SEGMENT);
                }
                last = event.trackingToken();
            }
        }
        readUpTo = last;
    }

    /** Where the follower's slowest segment stands; null for the start of the store. */
    private static TrackingToken followerPosition(StreamingEventProcessor follower) {
        TrackingToken lowest = null;
        boolean first = true;
        for (EventTrackerStatus status : follower.processingStatus().values()) {
            TrackingToken token = WrappedToken.unwrapLowerBound(status.getTrackingToken());
            if (token == null) {
                return null;
            }
            lowest = first ? token : lowest.lowerBound(token);
            first = false;
        }
        return lowest;
    }
}
