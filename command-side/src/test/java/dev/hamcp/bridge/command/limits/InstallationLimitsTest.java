package dev.hamcp.bridge.command.limits;

import static dev.hamcp.bridge.command.Refusals.refusedWith;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.limits.ChangeSecurityLimits;
import dev.hamcp.bridge.api.limits.SecurityLimitsChanged;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InstallationLimitsTest {

    private AggregateTestFixture<InstallationLimits> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(InstallationLimits.class);
    }

    @Test
    void theFirstChangeIsRecordedWithNothingBefore() {
        fixture.givenNoPriorActivity()
                .when(new ChangeSecurityLimits(100, 10))
                .expectEvents(new SecurityLimitsChanged(100, 10, null, null));
    }

    @Test
    void aLaterChangeNamesTheLimitsItReplaces() {
        fixture.given(new SecurityLimitsChanged(100, 10, null, null))
                .when(new ChangeSecurityLimits(5, 10))
                .expectEvents(new SecurityLimitsChanged(5, 10, 100L, 10L));
    }

    @Test
    void theSameLimitsAgainRecordNothing() {
        fixture.given(new SecurityLimitsChanged(5, 3, null, null))
                .when(new ChangeSecurityLimits(5, 3))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aBudgetOfNoRequestsIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new ChangeSecurityLimits(0, 10))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION_FAILED))
                .expectNoEvents();
    }

    @Test
    void anAllowanceAboveTheBoundIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new ChangeSecurityLimits(100, 10_001))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION_FAILED))
                .expectNoEvents();
    }
}
