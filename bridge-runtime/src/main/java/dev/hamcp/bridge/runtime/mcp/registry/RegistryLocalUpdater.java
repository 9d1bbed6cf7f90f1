package dev.hamcp.bridge.runtime.mcp.registry;

import dev.hamcp.bridge.api.upstream.UpstreamEvent;
import dev.hamcp.bridge.query.access.AfterCommit;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/** Feeds the registry with this node's own changes, so the next MCP request already sees them. */
@Component
@ProcessingGroup(RegisteredUpstreamDirectory.LOCAL_PROCESSOR)
class RegistryLocalUpdater {

    private final RegisteredUpstreamDirectory directory;

    RegistryLocalUpdater(RegisteredUpstreamDirectory directory) {
        this.directory = directory;
    }

    @EventHandler
    void on(UpstreamEvent event, @SequenceNumber long sequence) {
        AfterCommit.apply(() -> directory.apply(event, sequence));
    }
}
