package dev.hamcp.bridge.query.permission;

import dev.hamcp.bridge.api.permission.InstallationPolicyEvent;
import dev.hamcp.bridge.api.permission.PermissionPolicyEvent;
import dev.hamcp.bridge.query.access.AccessView;
import dev.hamcp.bridge.query.access.ViewFeed;
import org.axonframework.config.ProcessingGroup;
import org.springframework.stereotype.Component;

/** The two feeds of the permission view ({@link ViewFeed}), in the access view's processing groups. */
final class PermissionViewFeed {

    private PermissionViewFeed() {}

    /** This node's own changes, applied as they commit, so the next request sees them. */
    @Component
    @ProcessingGroup(AccessView.LOCAL_PROCESSOR)
    static class Local extends ViewFeed {

        Local(PermissionView view) {
            super(Delivery.AFTER_COMMIT);
            route(PermissionPolicyEvent.class, view::apply);
            route(InstallationPolicyEvent.class, view::apply);
        }
    }

    /** The whole store: other nodes' changes, and the history at start-up. */
    @Component
    @ProcessingGroup(AccessView.FOLLOWER_PROCESSOR)
    static class Follower extends ViewFeed {

        Follower(PermissionView view) {
            super(Delivery.AS_READ);
            route(PermissionPolicyEvent.class, view::apply);
            route(InstallationPolicyEvent.class, view::apply);
        }
    }
}
