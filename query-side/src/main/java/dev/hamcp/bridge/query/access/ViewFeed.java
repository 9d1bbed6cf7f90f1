package dev.hamcp.bridge.query.access;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;

/**
 * One of the two feeds of an in-memory view. Every view on the hot path is fed twice, in two
 * processing groups: {@link Delivery#AFTER_COMMIT} by a subscribing processor, with this node's
 * own changes as their commands commit, so the very next request sees them; and
 * {@link Delivery#AS_READ} by a tracking processor, with the whole store, which brings other
 * nodes' changes and the history at start-up. Both may deliver the same event, so each view keeps
 * the aggregate sequence number it last applied (named {@code sequence} in every view) and ignores
 * an event at or before it.
 *
 * <p>A feed is a small subclass that names its processing group and routes each event family to
 * the view's {@code apply(event, sequence)}.
 */
public abstract class ViewFeed {

    /** When a feed applies what it receives. */
    public enum Delivery {
        /** Once the command's transaction has committed ({@link AfterCommit}). */
        AFTER_COMMIT,
        /** As the tracking processor reads it from the store. */
        AS_READ
    }

    /** A view's way of applying one event of an aggregate, at its sequence number. */
    @FunctionalInterface
    public interface Apply<E> {
        void apply(E event, long sequence);
    }

    private record Route<E>(Class<E> events, Apply<E> apply) {
        void deliver(Object event, long sequence) {
            apply.apply(events.cast(event), sequence);
        }
    }

    private final Delivery delivery;
    private final List<Route<?>> routes = new ArrayList<>();

    protected ViewFeed(Delivery delivery) {
        this.delivery = delivery;
    }

    /** Sends every event of type {@code events} to {@code apply}. */
    protected final <E> void route(Class<E> events, Apply<E> apply) {
        routes.add(new Route<>(events, apply));
    }

    @EventHandler
    final void on(Object event, @SequenceNumber long sequence) {
        for (Route<?> route : routes) {
            if (route.events().isInstance(event)) {
                if (delivery == Delivery.AFTER_COMMIT) {
                    AfterCommit.apply(() -> route.deliver(event, sequence));
                } else {
                    route.deliver(event, sequence);
                }
            }
        }
    }
}
