package dev.hamcp.bridge.command.user;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.hamcp.bridge.api.error.BusinessError;
import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.user.AdminSeatReleased;
import dev.hamcp.bridge.api.user.AdminSeatTaken;
import java.util.HashSet;
import java.util.Set;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** The installation's enabled administrators, kept so that at least one always remains. */
@Aggregate
@JsonAutoDetect(
        fieldVisibility = Visibility.ANY,
        getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class AdminRoster {

    // One instance for the whole installation: every change of standing collides on its sequence numbers.
    static final String ID = "admin-roster";

    @AggregateIdentifier
    private String rosterId;

    private Set<String> seated = new HashSet<>();

    AdminRoster() {}

    void seat(String userId) {
        if (!seated.contains(userId)) {
            apply(new AdminSeatTaken(ID, userId));
        }
    }

    void release(String userId) {
        if (seated.contains(userId)) {
            assertNotLastSeat();
            apply(new AdminSeatReleased(ID, userId));
        }
    }

    private void assertNotLastSeat() {
        if (seated.size() == 1) {
            throw BusinessError.reject(
                    ErrorCode.LAST_ADMIN, "The last enabled administrator cannot be disabled, demoted or deleted.");
        }
    }

    @EventSourcingHandler
    void on(AdminSeatTaken e) {
        rosterId = e.rosterId();
        seated.add(e.userId());
    }

    @EventSourcingHandler
    void on(AdminSeatReleased e) {
        seated.remove(e.userId());
    }
}
