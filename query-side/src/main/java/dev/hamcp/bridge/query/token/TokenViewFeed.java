package dev.hamcp.bridge.query.token;

import dev.hamcp.bridge.api.token.ApiTokenEvent;
import dev.hamcp.bridge.query.access.AccessView;
import dev.hamcp.bridge.query.access.AfterCommit;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/** The two feeds of the token view, in the access view's processing groups (see PermissionViewFeed). */
final class TokenViewFeed {

    private TokenViewFeed() {}

    @Component
    @ProcessingGroup(AccessView.LOCAL_PROCESSOR)
    static class Local {

        private final TokenView view;

        Local(TokenView view) {
            this.view = view;
        }

        @EventHandler
        void on(ApiTokenEvent event, @SequenceNumber long sequence) {
            AfterCommit.apply(() -> view.apply(event, sequence));
        }
    }

    @Component
    @ProcessingGroup(AccessView.FOLLOWER_PROCESSOR)
    static class Follower {

        private final TokenView view;

        Follower(TokenView view) {
            this.view = view;
        }

        @EventHandler
        void on(ApiTokenEvent event, @SequenceNumber long sequence) {
            view.apply(event, sequence);
        }
    }
}
