package dev.hamcp.bridge.runtime.mcp.upstream;

import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDefinition;
import dev.hamcp.bridge.runtime.mcp.spec.GatewayError;
import dev.hamcp.bridge.runtime.mcp.spec.JsonRpc;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The open upstream sessions, per upstream name and revision. A call leases the least busy
 * session of its upstream; another session opens only when each carries
 * {@code callsPerSession} calls, up to {@code maxSessionsPerUpstream}. When the whole pool is
 * full, the least recently used idle session of any upstream makes room. Sessions of an older
 * revision, broken sessions and idle ones are closed.
 */
final class SessionPool {

    private static final Logger log = LoggerFactory.getLogger(SessionPool.class);

    private record Key(String upstream, long revision) {}

    private final UpstreamProperties properties;
    private final Function<UpstreamDefinition, UpstreamSession> opener;
    private final Map<Key, List<UpstreamSession>> sessions = new HashMap<>();
    private int open;
    private boolean closed;

    SessionPool(UpstreamProperties properties, Function<UpstreamDefinition, UpstreamSession> opener) {
        this.properties = properties;
        this.opener = opener;
    }

    /** A session for one call; give it back with {@link Lease#close()}. */
    final class Lease implements AutoCloseable {
        private final UpstreamSession session;

        private Lease(UpstreamSession session) {
            this.session = session;
        }

        UpstreamSession session() {
            return session;
        }

        @Override
        public void close() {
            release(session);
        }
    }

    Lease lease(UpstreamDefinition definition) {
        UpstreamSession session;
        List<UpstreamSession> evicted;
        synchronized (this) {
            if (closed) {
                throw new GatewayError(JsonRpc.UPSTREAM_UNAVAILABLE, "The bridge is shutting down");
            }
            var key = new Key(definition.name(), definition.revision());
            var list = sessions.computeIfAbsent(key, k -> new ArrayList<>());
            evicted = removeUnusable(list);
            session = leastBusy(list);
            boolean roomHere = list.size() < properties.maxSessionsPerUpstream();
            if (session == null || (session.inFlight() >= properties.callsPerSession() && roomHere)) {
                if (open >= properties.maxSessions()) {
                    var victim = evictLeastRecentlyUsedIdle();
                    if (victim.isPresent()) {
                        evicted = new ArrayList<>(evicted);
                        evicted.add(victim.get());
                    }
                }
                if (open < properties.maxSessions()) {
                    session = opener.apply(definition);
                    list.add(session);
                    open++;
                } else if (session == null) {
                    closeAll(evicted);
                    throw new GatewayError(
                            JsonRpc.OVERLOADED,
                            "The bridge has as many upstream sessions open as it may; try again shortly",
                            Map.of("retryAfterSeconds", 1));
                }
            }
            session.enter();
        }
        closeAll(evicted);
        return new Lease(session);
    }

    /** A failed session closes at once. */
    private void release(UpstreamSession session) {
        session.leave();
        if (session.failed()) {
            boolean removed;
            synchronized (this) {
                removed = remove(session);
            }
            if (removed) {
                log.debug("Closing {}: it failed", session);
            }
            closeAll(List.of(session));
        }
    }

    /** Closes every session of {@code upstream} whose revision is not {@code current}. */
    void retireOtherRevisions(String upstream, long current) {
        List<UpstreamSession> retired = new ArrayList<>();
        synchronized (this) {
            var iterator = sessions.entrySet().iterator();
            while (iterator.hasNext()) {
                var entry = iterator.next();
                if (entry.getKey().upstream().equals(upstream) && entry.getKey().revision() != current) {
                    retired.addAll(entry.getValue());
                    open -= entry.getValue().size();
                    iterator.remove();
                }
            }
        }
        // A session still carrying a call is closed under it: that call fails, as one to an
        // upstream whose definition changed may.
        closeAll(retired);
    }

    /** Closes sessions unused for the idle timeout, and any that can no longer be used. */
    void closeIdle() {
        List<UpstreamSession> idle = new ArrayList<>();
        synchronized (this) {
            for (var list : sessions.values()) {
                var iterator = list.iterator();
                while (iterator.hasNext()) {
                    var session = iterator.next();
                    if (session.idleFor(properties.idleTimeout()) || (!session.usable() && session.inFlight() == 0)) {
                        idle.add(session);
                        iterator.remove();
                        open--;
                    }
                }
            }
            sessions.values().removeIf(List::isEmpty);
        }
        closeAll(idle);
    }

    synchronized int openSessions(String upstream) {
        return sessions.entrySet().stream()
                .filter(entry -> entry.getKey().upstream().equals(upstream))
                .mapToInt(entry -> entry.getValue().size())
                .sum();
    }

    synchronized List<UpstreamSession> sessionsOf(String upstream) {
        return sessions.entrySet().stream()
                .filter(entry -> entry.getKey().upstream().equals(upstream))
                .flatMap(entry -> entry.getValue().stream())
                .toList();
    }

    /** Closes every session and refuses new leases; completes when every process has stopped. */
    Mono<Void> close() {
        List<UpstreamSession> all = new ArrayList<>();
        synchronized (this) {
            closed = true;
            sessions.values().forEach(all::addAll);
            sessions.clear();
            open = 0;
        }
        return Flux.fromIterable(all).flatMap(UpstreamSession::close).then();
    }

    /** Loops, not streams: this runs under the pool's lock on every call. */
    private List<UpstreamSession> removeUnusable(List<UpstreamSession> list) {
        List<UpstreamSession> unusable = null;
        for (var iterator = list.iterator(); iterator.hasNext(); ) {
            var session = iterator.next();
            if (!session.usable() && session.inFlight() == 0) {
                if (unusable == null) {
                    unusable = new ArrayList<>();
                }
                unusable.add(session);
                iterator.remove();
            }
        }
        if (unusable == null) {
            return List.of();
        }
        open -= unusable.size();
        return unusable;
    }

    private static UpstreamSession leastBusy(List<UpstreamSession> list) {
        UpstreamSession least = null;
        for (var session : list) {
            if (session.usable() && (least == null || session.inFlight() < least.inFlight())) {
                least = session;
            }
        }
        return least;
    }

    private java.util.Optional<UpstreamSession> evictLeastRecentlyUsedIdle() {
        var victim = sessions.values().stream()
                .flatMap(List::stream)
                .filter(session -> session.inFlight() == 0)
                .min(Comparator.comparingLong(UpstreamSession::lastUsedNanos));
        victim.ifPresent(this::remove);
        return victim;
    }

    private boolean remove(UpstreamSession session) {
        var key = new Key(session.definition().name(), session.definition().revision());
        var list = sessions.get(key);
        if (list == null || !list.remove(session)) {
            return false;
        }
        open--;
        if (list.isEmpty()) {
            sessions.remove(key);
        }
        return true;
    }

    private static void closeAll(List<UpstreamSession> toClose) {
        for (var session : toClose) {
            session.close().subscribe();
        }
    }
}
