package dev.hamcp.bridge.query.access;

import dev.hamcp.bridge.api.user.UserEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/** Feeds the access view with this node's own changes, so a revocation is refused on the very next request. */
@Component
@ProcessingGroup(AccessView.LOCAL_PROCESSOR)
class AccessViewLocalUpdater {

    private final AccessView view;

    AccessViewLocalUpdater(AccessView view) {
        this.view = view;
    }

    @EventHandler
    void on(UserEvent event, @SequenceNumber long sequence) {
        AfterCommit.apply(() -> view.apply(event, sequence));
    }
}
