package dev.hamcp.bridge.command.user;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.hamcp.bridge.api.error.BusinessError;
import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.user.UsernameClaimed;
import dev.hamcp.bridge.api.user.UsernameReleased;
import java.util.Locale;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** Keeps usernames unique, ignoring case: one claim per lower-cased name, owned by at most one user. */
@Aggregate
@JsonAutoDetect(
        fieldVisibility = Visibility.ANY,
        getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class UsernameClaim {

    @AggregateIdentifier
    private String claimId;

    private String ownerUserId;

    UsernameClaim() {}

    // Root locale, so "TITLE" and "title" meet in one claim on every server, Turkish ones included.
    static String idFor(String username) {
        return "username:" + username.toLowerCase(Locale.ROOT);
    }

    void claim(String claimId, String username, String userId) {
        assertFree();
        apply(new UsernameClaimed(claimId, username, userId));
    }

    void release(String userId) {
        if (userId.equals(ownerUserId)) {
            apply(new UsernameReleased(claimId, userId));
        }
    }

    private void assertFree() {
        if (ownerUserId != null) {
            throw BusinessError.reject(ErrorCode.USERNAME_TAKEN, "That username is already taken.");
        }
    }

    @EventSourcingHandler
    void on(UsernameClaimed e) {
        claimId = e.claimId();
        ownerUserId = e.userId();
    }

    @EventSourcingHandler
    void on(UsernameReleased e) {
        ownerUserId = null;
    }
}
