package dev.hamcp.bridge.query.token;

import dev.hamcp.bridge.api.token.ApiTokenEvent;
import dev.hamcp.bridge.query.access.AccessView;
import dev.hamcp.bridge.query.access.ViewFeed;
import org.axonframework.config.ProcessingGroup;
import org.springframework.stereotype.Component;

/** The two feeds of the token view ({@link ViewFeed}), in the access view's processing groups. */
final class TokenViewFeed {

    private TokenViewFeed() {}

    /** This node's own changes, applied as they commit, so the next request sees them. */
    @Component
    @ProcessingGroup(AccessView.LOCAL_PROCESSOR)
    static class Local extends ViewFeed {

        Local(TokenView view) {
            super(Delivery.AFTER_COMMIT);
            route(ApiTokenEvent.class, view::apply);
        }
    }

    /** The whole store: other nodes' changes, and the history at start-up. */
    @Component
    @ProcessingGroup(AccessView.FOLLOWER_PROCESSOR)
    static class Follower extends ViewFeed {

        Follower(TokenView view) {
            super(Delivery.AS_READ);
            route(ApiTokenEvent.class, view::apply);
        }
    }
}
