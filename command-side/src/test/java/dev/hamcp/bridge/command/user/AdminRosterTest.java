package dev.hamcp.bridge.command.user;

import static dev.hamcp.bridge.command.Refusals.refusedWith;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.user.AdminSeatReleased;
import dev.hamcp.bridge.api.user.AdminSeatTaken;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminRosterTest {

    private static final String ID = AdminRoster.ID;

    private AggregateTestFixture<AdminRoster> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(AdminRoster.class);
    }

    @Test
    void theFirstAdministratorTakesASeat() {
        fixture.givenNoPriorActivity()
                .whenConstructing(() -> {
                    AdminRoster roster = new AdminRoster();
                    roster.seat("u1");
                    return roster;
                })
                .expectEvents(new AdminSeatTaken(ID, "u1"));
    }

    @Test
    void anotherAdministratorTakesASeat() {
        fixture.given(new AdminSeatTaken(ID, "u1"))
                .whenInvoking(ID, roster -> roster.seat("u2"))
                .expectEvents(new AdminSeatTaken(ID, "u2"));
    }

    @Test
    void seatingAnAdministratorWhoIsSeatedRecordsNothing() {
        fixture.given(new AdminSeatTaken(ID, "u1"))
                .whenInvoking(ID, roster -> roster.seat("u1"))
                .expectNoEvents();
    }

    @Test
    void oneOfTwoAdministratorsCanLeave() {
        fixture.given(new AdminSeatTaken(ID, "u1"), new AdminSeatTaken(ID, "u2"))
                .whenInvoking(ID, roster -> roster.release("u1"))
                .expectEvents(new AdminSeatReleased(ID, "u1"));
    }

    @Test
    void theLastAdministratorCannotLeave() {
        fixture.given(new AdminSeatTaken(ID, "u1"), new AdminSeatTaken(ID, "u2"), new AdminSeatReleased(ID, "u2"))
                .whenInvoking(ID, roster -> roster.release("u1"))
                .expectNoEvents()
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(refusedWith(ErrorCode.LAST_ADMIN));
    }

    @Test
    void releasingSomeoneWithoutASeatRecordsNothing() {
        fixture.given(new AdminSeatTaken(ID, "u1"))
                .whenInvoking(ID, roster -> roster.release("u2"))
                .expectNoEvents();
    }
}
