package dev.hamcp.bridge.runtime.homeassistant;

import dev.hamcp.bridge.api.homeassistant.HaConnectionEvent;
import dev.hamcp.bridge.api.user.UserDeleted;
import dev.hamcp.bridge.query.access.AfterCommit;
import dev.hamcp.bridge.query.access.ViewFeed;
import dev.hamcp.bridge.runtime.mcp.registry.RegisteredUpstreamDirectory;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/** The two feeds of the connection directory ({@link ViewFeed}), in the upstream registry's processing groups: both say which upstreams exist, and start-up waits for that follower before serving. A deleted user's connections are forgotten. */
final class HaConnectionFeed {

    private HaConnectionFeed() {}

    /** This node's own changes, applied as they commit, so the next request sees them. */
    @Component
    @ProcessingGroup(RegisteredUpstreamDirectory.LOCAL_PROCESSOR)
    static class Local extends ViewFeed {

        Local(HaConnectionDirectory directory) {
            super(Delivery.AFTER_COMMIT);
            this.directory = directory;
            route(HaConnectionEvent.class, directory::apply);
        }

        private final HaConnectionDirectory directory;

        @EventHandler
        void on(UserDeleted event) {
            AfterCommit.apply(() -> directory.forget(event.userId()));
        }
    }

    /** The whole store: other nodes' changes, and the history at start-up. */
    @Component
    @ProcessingGroup(RegisteredUpstreamDirectory.FOLLOWER_PROCESSOR)
    static class Follower extends ViewFeed {

        Follower(HaConnectionDirectory directory) {
            super(Delivery.AS_READ);
            this.directory = directory;
            route(HaConnectionEvent.class, directory::apply);
        }

        private final HaConnectionDirectory directory;

        @EventHandler
        void on(UserDeleted event) {
            directory.forget(event.userId());
        }
    }
}
