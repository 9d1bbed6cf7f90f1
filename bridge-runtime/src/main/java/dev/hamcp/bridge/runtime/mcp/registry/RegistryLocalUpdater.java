package dev.hamcp.bridge.runtime.mcp.registry;

import dev.hamcp.bridge.api.upstream.UpstreamEvent;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Feeds the registry with this node's own changes once their transaction has committed and before
 * the command's result is returned, so the next MCP request already sees them.
 */
@Component
@ProcessingGroup(RegisteredUpstreamDirectory.LOCAL_PROCESSOR)
class RegistryLocalUpdater {

    private static final String PENDING = RegistryLocalUpdater.class.getName() + ".pending";

    private final RegisteredUpstreamDirectory directory;

    RegistryLocalUpdater(RegisteredUpstreamDirectory directory) {
        this.directory = directory;
    }

    private record Pending(UpstreamEvent event, long sequence) {}

    @EventHandler
    void on(UpstreamEvent event, @SequenceNumber long sequence) {
        if (!CurrentUnitOfWork.isStarted()) {
            directory.apply(event, sequence);
            return;
        }
        pendingOf(CurrentUnitOfWork.get().root()).add(new Pending(event, sequence));
    }

    // Queued and applied by one after-commit callback, in order (Axon runs callbacks in reverse order).
    private List<Pending> pendingOf(UnitOfWork<?> root) {
        return root.getOrComputeResource(PENDING, key -> {
            List<Pending> pending = new ArrayList<>();
            root.afterCommit(unitOfWork -> pending.forEach(p -> directory.apply(p.event(), p.sequence())));
            return pending;
        });
    }
}
