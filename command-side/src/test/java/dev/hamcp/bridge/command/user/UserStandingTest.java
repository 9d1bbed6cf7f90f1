package dev.hamcp.bridge.command.user;

import static dev.hamcp.bridge.command.user.TestUsers.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hamcp.bridge.api.user.Role;
import dev.hamcp.bridge.api.user.SessionEndReason;
import dev.hamcp.bridge.api.user.SessionEnded;
import dev.hamcp.bridge.api.user.UserDeleted;
import dev.hamcp.bridge.api.user.UserDisabled;
import dev.hamcp.bridge.api.user.UserEnabled;
import dev.hamcp.bridge.api.user.UserRoleChanged;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The changes administrators make, as UserAdministration invokes them on a loaded user. */
class UserStandingTest {

    private AggregateTestFixture<User> fixture;

    @BeforeEach
    void setUp() {
        fixture = userFixture();
    }

    @Test
    void disablingAUserEndsEveryActiveSession() {
        fixture.givenCurrentTime(T0)
                .andGiven(registered(), sessionStarted("s1"), sessionStarted("s2"))
                .whenInvoking(USER_ID, User::disable)
                .expectEvents(
                        new UserDisabled(USER_ID),
                        new SessionEnded(USER_ID, "s1", SessionEndReason.USER_DISABLED),
                        new SessionEnded(USER_ID, "s2", SessionEndReason.USER_DISABLED));
    }

    @Test
    void disablingADisabledUserRecordsNothing() {
        fixture.givenCurrentTime(T0)
                .andGiven(registered(), new UserDisabled(USER_ID))
                .whenInvoking(USER_ID, User::disable)
                .expectNoEvents();
    }

    @Test
    void enablingADisabledUserLetsItBackIn() {
        fixture.givenCurrentTime(T0)
                .andGiven(registered(), new UserDisabled(USER_ID))
                .whenInvoking(USER_ID, User::enable)
                .expectEvents(new UserEnabled(USER_ID));
    }

    @Test
    void enablingAnEnabledUserRecordsNothing() {
        fixture.givenCurrentTime(T0)
                .andGiven(registered())
                .whenInvoking(USER_ID, User::enable)
                .expectNoEvents();
    }

    @Test
    void changingTheRoleIsRecorded() {
        fixture.givenCurrentTime(T0)
                .andGiven(registered(Role.USER))
                .whenInvoking(USER_ID, user -> user.changeRole(Role.ADMIN))
                .expectEvents(new UserRoleChanged(USER_ID, Role.ADMIN));
    }

    @Test
    void changingTheRoleToTheCurrentOneRecordsNothing() {
        fixture.givenCurrentTime(T0)
                .andGiven(registered(Role.ADMIN))
                .whenInvoking(USER_ID, user -> user.changeRole(Role.ADMIN))
                .expectNoEvents();
    }

    @Test
    void deletingAUserEndsItsSessionsAndMarksItDeleted() {
        fixture.givenCurrentTime(T0)
                .andGiven(registered(), sessionStarted("s1"))
                .whenInvoking(USER_ID, User::delete)
                .expectEvents(new SessionEnded(USER_ID, "s1", SessionEndReason.USER_DELETED), new UserDeleted(USER_ID))
                .expectMarkedDeleted();
    }

    @Test
    void anEnabledAdministratorHasAdminStanding() {
        fixture.givenCurrentTime(T0)
                .andGiven(registered(Role.ADMIN), new UserDisabled(USER_ID))
                .whenInvoking(USER_ID, User::enable)
                .expectState(user -> assertThat(user.isEnabledAdmin()).isTrue());
    }

    @Test
    void aDisabledAdministratorHasNoAdminStanding() {
        fixture.givenCurrentTime(T0)
                .andGiven(registered(Role.ADMIN))
                .whenInvoking(USER_ID, User::disable)
                .expectState(user -> assertThat(user.isEnabledAdmin()).isFalse());
    }
}
