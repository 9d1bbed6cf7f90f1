package dev.hamcp.bridge.query.permission;

import dev.hamcp.bridge.api.permission.InstallationPolicyEvent;
import dev.hamcp.bridge.api.permission.PermissionPolicyEvent;
import dev.hamcp.bridge.query.access.AccessView;
import dev.hamcp.bridge.query.access.AfterCommit;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/**
 * The two feeds of the permission view, in the access view's processing groups: this node's own
 * changes after commit, and the whole store (other nodes, and history at start-up).
 */
final class PermissionViewFeed {

    private PermissionViewFeed() {}

    @Component
    @ProcessingGroup(AccessView.LOCAL_PROCESSOR)
    static class Local {

        private final PermissionView view;

        Local(PermissionView view) {
            this.view = view;
        }

        @EventHandler
        void on(PermissionPolicyEvent event, @SequenceNumber long sequence) {
            AfterCommit.apply(() -> view.apply(event, sequence));
        }

        @EventHandler
        void on(InstallationPolicyEvent event, @SequenceNumber long sequence) {
            AfterCommit.apply(() -> view.apply(event, sequence));
        }
    }

    @Component
    @ProcessingGroup(AccessView.FOLLOWER_PROCESSOR)
    static class Follower {

        private final PermissionView view;

        Follower(PermissionView view) {
            this.view = view;
        }

        @EventHandler
        void on(PermissionPolicyEvent event, @SequenceNumber long sequence) {
            view.apply(event, sequence);
        }

        @EventHandler
        void on(InstallationPolicyEvent event, @SequenceNumber long sequence) {
            view.apply(event, sequence);
        }
    }
}
