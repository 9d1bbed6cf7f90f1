package dev.hamcp.bridge.runtime.live;

import dev.hamcp.bridge.api.homeassistant.HaConnectionEvent;
import dev.hamcp.bridge.api.token.ApiTokenEvent;
import dev.hamcp.bridge.query.access.AfterCommit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * What changed for whom, as it happens, for the dashboards that are open: a person's tokens and
 * Home Assistant connections (a connection test is a change too). Fed twice, as the in-memory
 * views are: by this node's own changes as their commands commit, and by a processor that
 * follows the store from its head (not from the beginning: nothing open needs the past), which
 * brings other nodes' changes; an event both deliver is told once.
 */
@Component
public class LiveChanges {

    public static final String LOCAL_PROCESSOR = "live-changes-local";
    public static final String FOLLOWER_PROCESSOR = "live-changes";

    private static final int REMEMBERED = 4096;

    /** One change: what it is about ({@code token} or {@code connection}), which one, and what happened. */
    public record Change(String userId, String kind, String id, String change) {}

    private final Sinks.Many<Change> changes = Sinks.many().multicast().directBestEffort();
    private final Map<String, Boolean> told = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** Every change from now on, of everyone: a subscriber keeps its own person's. */
    public Flux<Change> changes() {
        return changes.asFlux();
    }

    void tell(EventMessage<?> message) {
        synchronized (told) {
            if (told.put(message.getIdentifier(), Boolean.TRUE) != null) {
                return;
            }
        }
        var change =
                switch (message.getPayload()) {
                    case ApiTokenEvent token ->
                        new Change(token.userId(), "token", token.tokenId(), name(token.getClass()));
                    case HaConnectionEvent connection ->
                        new Change(
                                connection.userId(),
                                "connection",
                                connection.connectionId(),
                                name(connection.getClass()));
                    default -> null;
                };
        if (change != null) {
            synchronized (changes) {
                changes.tryEmitNext(change);
            }
        }
    }

    private static String name(Class<?> event) {
        return event.getSimpleName();
    }

    /** This node's own changes, told as they commit. */
    @Component
    @ProcessingGroup(LOCAL_PROCESSOR)
    static class Local {
        private final LiveChanges live;

        Local(LiveChanges live) {
            this.live = live;
        }

        @EventHandler
        void on(ApiTokenEvent event, EventMessage<?> message) {
            AfterCommit.apply(() -> live.tell(message));
        }

        @EventHandler
        void on(HaConnectionEvent event, EventMessage<?> message) {
            AfterCommit.apply(() -> live.tell(message));
        }
    }

    /** Every node's changes, as the store has them. */
    @Component
    @ProcessingGroup(FOLLOWER_PROCESSOR)
    static class Follower {
        private final LiveChanges live;

        Follower(LiveChanges live) {
            this.live = live;
        }

        @EventHandler
        void on(ApiTokenEvent event, EventMessage<?> message) {
            live.tell(message);
        }

        @EventHandler
        void on(HaConnectionEvent event, EventMessage<?> message) {
            live.tell(message);
        }
    }
}
