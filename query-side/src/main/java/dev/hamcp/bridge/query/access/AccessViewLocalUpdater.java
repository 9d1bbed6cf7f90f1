package dev.hamcp.bridge.query.access;

import dev.hamcp.bridge.api.user.UserEvent;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Feeds the access view with this node's own changes once their transaction has committed and
 * before the command's result is returned, so a revocation is refused on the very next request.
 */
@Component
@ProcessingGroup(AccessView.LOCAL_PROCESSOR)
class AccessViewLocalUpdater {

    private static final String PENDING = AccessViewLocalUpdater.class.getName() + ".pending";

    private final AccessView view;

    AccessViewLocalUpdater(AccessView view) {
        this.view = view;
    }

    private record Pending(UserEvent event, long sequence) {}

    @EventHandler
    void on(UserEvent event, @SequenceNumber long sequence) {
        if (!CurrentUnitOfWork.isStarted()) {
            view.apply(event, sequence);
            return;
        }
        pendingOf(CurrentUnitOfWork.get().root()).add(new Pending(event, sequence));
    }

    /**
     * One command may cause several events (a password change ends sessions too). Axon runs
     * after-commit callbacks in reverse order of registration, so the events are queued and applied
     * by a single callback, in the order they happened.
     */
    private List<Pending> pendingOf(UnitOfWork<?> root) {
        return root.getOrComputeResource(PENDING, key -> {
            List<Pending> pending = new ArrayList<>();
            root.afterCommit(unitOfWork -> pending.forEach(p -> view.apply(p.event(), p.sequence())));
            return pending;
        });
    }
}
