package dev.hamcp.bridge.runtime.mcp.registry;

import dev.hamcp.bridge.api.upstream.UpstreamEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/** Feeds the registry from the event store: other nodes' changes, and the whole history at start-up. */
@Component
@ProcessingGroup(RegisteredUpstreamDirectory.FOLLOWER_PROCESSOR)
class RegistryFollower {

    private final RegisteredUpstreamDirectory directory;

    RegistryFollower(RegisteredUpstreamDirectory directory) {
        this.directory = directory;
    }

    @EventHandler
    void on(UpstreamEvent event, @SequenceNumber long sequence) {
        directory.apply(event, sequence);
    }
}
