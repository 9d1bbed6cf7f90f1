package dev.hamcp.bridge.query.access;

import dev.hamcp.bridge.api.user.UserEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Feeds the access view with this node's own changes once their transaction has committed and
 * before the command's result is returned, so a revocation is refused on the very next request.
 */
@Component
@ProcessingGroup(AccessView.LOCAL_PROCESSOR)
class AccessViewLocalUpdater {

    private final AccessView view;

    AccessViewLocalUpdater(AccessView view) {
        this.view = view;
    }

    @EventHandler
    void on(UserEvent event, @SequenceNumber long sequence) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().root().afterCommit(unitOfWork -> view.apply(event, sequence));
        } else {
            view.apply(event, sequence);
        }
    }
}
