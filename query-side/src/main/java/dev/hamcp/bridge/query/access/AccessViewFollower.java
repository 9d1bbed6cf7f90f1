package dev.hamcp.bridge.query.access;

import dev.hamcp.bridge.api.user.UserEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/** Feeds the access view from the event store: other nodes' changes, and the whole history at start-up. */
@Component
@ProcessingGroup(AccessView.FOLLOWER_PROCESSOR)
class AccessViewFollower {

    private final AccessView view;

    AccessViewFollower(AccessView view) {
        this.view = view;
    }

    @EventHandler
    void on(UserEvent event, @SequenceNumber long sequence) {
        view.apply(event, sequence);
    }
}
