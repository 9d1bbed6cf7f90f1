package dev.hamcp.bridge.runtime.mcp.registry;

import dev.hamcp.bridge.api.upstream.UpstreamEvent;
import dev.hamcp.bridge.query.access.ViewFeed;
import org.axonframework.config.ProcessingGroup;
import org.springframework.stereotype.Component;

/** The two feeds of the upstream registry ({@link ViewFeed}). */
final class RegistryFeed {

    private RegistryFeed() {}

    /** This node's own changes, applied as they commit, so the next request sees them. */
    @Component
    @ProcessingGroup(RegisteredUpstreamDirectory.LOCAL_PROCESSOR)
    static class Local extends ViewFeed {

        Local(RegisteredUpstreamDirectory directory) {
            super(Delivery.AFTER_COMMIT);
            route(UpstreamEvent.class, directory::apply);
        }
    }

    /** The whole store: other nodes' changes, and the history at start-up. */
    @Component
    @ProcessingGroup(RegisteredUpstreamDirectory.FOLLOWER_PROCESSOR)
    static class Follower extends ViewFeed {

        Follower(RegisteredUpstreamDirectory directory) {
            super(Delivery.AS_READ);
            route(UpstreamEvent.class, directory::apply);
        }
    }
}
