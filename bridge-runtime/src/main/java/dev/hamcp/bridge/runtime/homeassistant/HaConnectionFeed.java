package dev.hamcp.bridge.runtime.homeassistant;

import dev.hamcp.bridge.api.homeassistant.HaConnectionEvent;
import dev.hamcp.bridge.api.user.UserDeleted;
import dev.hamcp.bridge.query.access.AfterCommit;
import dev.hamcp.bridge.runtime.mcp.registry.RegisteredUpstreamDirectory;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/**
 * The two feeds of the connection directory, in the upstream registry's processing groups: both
 * views say which upstreams exist, and start-up waits for that follower before serving.
 */
final class HaConnectionFeed {

    private HaConnectionFeed() {}

    /** This node's own changes, applied as they commit, so the next request sees them. */
    @Component
    @ProcessingGroup(RegisteredUpstreamDirectory.LOCAL_PROCESSOR)
    static class Local {

        private final HaConnectionDirectory directory;

        Local(HaConnectionDirectory directory) {
            this.directory = directory;
        }

        @EventHandler
        void on(HaConnectionEvent event, @SequenceNumber long sequence) {
            AfterCommit.apply(() -> directory.apply(event, sequence));
        }

        @EventHandler
        void on(UserDeleted event) {
            AfterCommit.apply(() -> directory.forget(event.userId()));
        }
    }

    /** Other nodes' changes, and the whole history at start-up. */
    @Component
    @ProcessingGroup(RegisteredUpstreamDirectory.FOLLOWER_PROCESSOR)
    static class Follower {

        private final HaConnectionDirectory directory;

        Follower(HaConnectionDirectory directory) {
            this.directory = directory;
        }

        @EventHandler
        void on(HaConnectionEvent event, @SequenceNumber long sequence) {
            directory.apply(event, sequence);
        }

        @EventHandler
        void on(UserDeleted event) {
            directory.forget(event.userId());
        }
    }
}
