package dev.hamcp.bridge.command.user;

import static dev.hamcp.bridge.command.user.TestUsers.HASHER;
import static dev.hamcp.bridge.command.user.TestUsers.POLICY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hamcp.bridge.api.error.BusinessError;
import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.user.*;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RegistrationHandler and UserAdministration change several aggregates in one unit of work, which a
 * per-aggregate fixture cannot show; so these run on a real Axon configuration with an in-memory store.
 */
class UserLifecycleTest {

    private static final String ROSTER = AdminRoster.ID;
    private static final Password PASSWORD = TestUsers.PASSWORD;

    private final InMemoryEventStorageEngine store = new InMemoryEventStorageEngine();
    private Configuration axon;
    private CommandGateway gateway;

    @BeforeEach
    void startAxon() {
        axon = DefaultConfigurer.defaultConfiguration()
                .configureEmbeddedEventStore(c -> store)
                .configureAggregate(User.class)
                .configureAggregate(UsernameClaim.class)
                .configureAggregate(AdminRoster.class)
                .registerComponent(PasswordHasher.class, c -> HASHER)
                .registerComponent(LockoutPolicy.class, c -> POLICY)
                .registerCommandHandler(c -> new RegistrationHandler(
                        c.repository(User.class),
                        c.repository(UsernameClaim.class),
                        c.repository(AdminRoster.class),
                        c.getComponent(PasswordHasher.class),
                        TestUsers.CIPHER))
                .registerCommandHandler(c -> new UserAdministration(
                        c.repository(User.class), c.repository(UsernameClaim.class), c.repository(AdminRoster.class)))
                .start();
        gateway = axon.commandGateway();
    }

    @AfterEach
    void stopAxon() {
        axon.shutdown();
    }

    @Test
    void registeringClaimsTheUsernameAndCreatesTheUser() {
        Object userId = gateway.sendAndWait(register("u1", "Alice", Role.USER));

        assertThat(userId).isEqualTo("u1");
        assertThat(allEvents()).hasSize(2).first().isEqualTo(new UsernameClaimed("username:alice", "Alice", "u1"));
        assertThat(allEvents().get(1)).isInstanceOf(UserRegistered.class);
    }

    @Test
    void registeringAnAdministratorAlsoTakesASeat() {
        gateway.sendAndWait(register("u1", "Alice", Role.ADMIN));

        assertThat(allEvents()).last().isEqualTo(new AdminSeatTaken(ROSTER, "u1"));
    }

    @Test
    void aRegisteredUserCanLogIn() {
        gateway.sendAndWait(register("u1", "Alice", Role.USER));
        Instant expiresAt = Instant.now().plusSeconds(3600);

        LoginOutcome outcome = gateway.sendAndWait(new LogIn("u1", PASSWORD, "s1", "h1", expiresAt));

        assertThat(outcome).isEqualTo(LoginOutcome.started());
        assertThat(allEvents()).last().isEqualTo(new SessionStarted("u1", "s1", "h1", expiresAt));
    }

    @Test
    void registeringATakenUsernameInAnotherCaseFailsAndWritesNothing() {
        gateway.sendAndWait(register("u1", "Alice", Role.USER));
        List<Object> before = allEvents();

        assertRefused(register("u2", "aLICE", Role.ADMIN), ErrorCode.USERNAME_TAKEN);
        assertThat(allEvents()).isEqualTo(before);
    }

    @Test
    void aPasswordThatBreaksThePolicyLeavesTheUsernameUnclaimed() {
        RegisterUser weak = new RegisterUser("u1", "Alice", null, new Password("short"), Role.ADMIN, false);

        assertRefused(weak, ErrorCode.PASSWORD_POLICY);
        assertThat(allEvents()).isEmpty();
    }

    @Test
    void aDeletedUsersUsernameCanBeRegisteredAgain() {
        gateway.sendAndWait(register("u1", "Alice", Role.USER));

        gateway.sendAndWait(new DeleteUser("u1"));
        gateway.sendAndWait(register("u2", "alice", Role.USER));

        assertThat(eventsOf("username:alice"))
                .containsExactly(
                        new UsernameClaimed("username:alice", "Alice", "u1"),
                        new UsernameReleased("username:alice", "u1"),
                        new UsernameClaimed("username:alice", "alice", "u2"));
        assertThat(eventsOf("u1")).last().isEqualTo(new UserDeleted("u1"));
    }

    @Test
    void demotingTheLastAdministratorFailsAndWritesNothing() {
        gateway.sendAndWait(register("u1", "Alice", Role.ADMIN));
        List<Object> before = allEvents();

        assertRefused(new ChangeUserRole("u1", Role.USER), ErrorCode.LAST_ADMIN);
        assertThat(allEvents()).isEqualTo(before);
    }

    @Test
    void disablingTheLastAdministratorFailsAndWritesNothing() {
        gateway.sendAndWait(register("u1", "Alice", Role.ADMIN));
        List<Object> before = allEvents();

        assertRefused(new DisableUser("u1"), ErrorCode.LAST_ADMIN);
        assertThat(allEvents()).isEqualTo(before);
    }

    @Test
    void deletingTheLastAdministratorFailsAndWritesNothing() {
        gateway.sendAndWait(register("u1", "Alice", Role.ADMIN));
        List<Object> before = allEvents();

        assertRefused(new DeleteUser("u1"), ErrorCode.LAST_ADMIN);
        assertThat(allEvents()).isEqualTo(before);
    }

    @Test
    void demotingOneOfTwoAdministratorsReleasesItsSeat() {
        gateway.sendAndWait(register("u1", "Alice", Role.ADMIN));
        gateway.sendAndWait(register("u2", "Bob", Role.ADMIN));

        gateway.sendAndWait(new ChangeUserRole("u1", Role.USER));

        assertThat(eventsOf(ROSTER)).last().isEqualTo(new AdminSeatReleased(ROSTER, "u1"));
        assertThat(eventsOf("u1")).last().isEqualTo(new UserRoleChanged("u1", Role.USER));
    }

    @Test
    void promotingAUserTakesASeat() {
        gateway.sendAndWait(register("u1", "Alice", Role.ADMIN));
        gateway.sendAndWait(register("u2", "Bob", Role.USER));

        gateway.sendAndWait(new ChangeUserRole("u2", Role.ADMIN));

        assertThat(eventsOf(ROSTER)).last().isEqualTo(new AdminSeatTaken(ROSTER, "u2"));
    }

    @Test
    void aDisabledAdministratorGivesUpItsSeatAndTakesItBackWhenEnabled() {
        gateway.sendAndWait(register("u1", "Alice", Role.ADMIN));
        gateway.sendAndWait(register("u2", "Bob", Role.ADMIN));

        gateway.sendAndWait(new DisableUser("u2"));
        gateway.sendAndWait(new EnableUser("u2"));

        assertThat(eventsOf(ROSTER))
                .containsExactly(
                        new AdminSeatTaken(ROSTER, "u1"),
                        new AdminSeatTaken(ROSTER, "u2"),
                        new AdminSeatReleased(ROSTER, "u2"),
                        new AdminSeatTaken(ROSTER, "u2"));
    }

    @Test
    void enablingADisabledPlainUserLeavesTheRosterAlone() {
        gateway.sendAndWait(register("u1", "Alice", Role.ADMIN));
        gateway.sendAndWait(register("u2", "Bob", Role.USER));

        gateway.sendAndWait(new DisableUser("u2"));
        gateway.sendAndWait(new EnableUser("u2"));

        assertThat(eventsOf(ROSTER)).containsExactly(new AdminSeatTaken(ROSTER, "u1"));
        assertThat(eventsOf("u2")).last().isEqualTo(new UserEnabled("u2"));
    }

    @Test
    void administeringAnUnknownUserIsRefused() {
        assertRefused(new DisableUser("nobody"), ErrorCode.USER_NOT_FOUND);
    }

    @Test
    void administeringADeletedUserIsRefused() {
        gateway.sendAndWait(register("u1", "Alice", Role.USER));
        gateway.sendAndWait(new DeleteUser("u1"));

        assertRefused(new EnableUser("u1"), ErrorCode.USER_NOT_FOUND);
    }

    private static RegisterUser register(String userId, String username, Role role) {
        return new RegisterUser(userId, username, username.toLowerCase() + "@example.org", PASSWORD, role, false);
    }

    private void assertRefused(Object command, ErrorCode code) {
        assertThatThrownBy(() -> gateway.sendAndWait(command))
                .isInstanceOfSatisfying(CommandExecutionException.class, refusal -> assertThat(
                                refusal.<BusinessError>getDetails().map(BusinessError::code))
                        .contains(code));
    }

    private List<Object> allEvents() {
        return store.readEvents(null, false)
                .map(Message::getPayload)
                .map(Object.class::cast)
                .toList();
    }

    private List<Object> eventsOf(String aggregateId) {
        return store.readEvents(aggregateId)
                .asStream()
                .map(Message::getPayload)
                .map(Object.class::cast)
                .toList();
    }
}
