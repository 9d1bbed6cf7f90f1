package dev.hamcp.bridge.query.access;

import dev.hamcp.bridge.api.user.UserEvent;
import org.axonframework.config.ProcessingGroup;
import org.springframework.stereotype.Component;

/** The two feeds of the access view ({@link ViewFeed}). */
final class AccessViewFeed {

    private AccessViewFeed() {}

    /** This node's own changes, applied as they commit, so the next request sees them. */
    @Component
    @ProcessingGroup(AccessView.LOCAL_PROCESSOR)
    static class Local extends ViewFeed {

        Local(AccessView view) {
            super(Delivery.AFTER_COMMIT);
            route(UserEvent.class, view::apply);
        }
    }

    /** The whole store: other nodes' changes, and the history at start-up. */
    @Component
    @ProcessingGroup(AccessView.FOLLOWER_PROCESSOR)
    static class Follower extends ViewFeed {

        Follower(AccessView view) {
            super(Delivery.AS_READ);
            route(UserEvent.class, view::apply);
        }
    }
}
