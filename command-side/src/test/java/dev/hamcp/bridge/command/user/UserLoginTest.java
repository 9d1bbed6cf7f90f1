package dev.hamcp.bridge.command.user;

import static dev.hamcp.bridge.command.Refusals.refusedWith;
import static dev.hamcp.bridge.command.user.TestUsers.*;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.user.AccountLocked;
import dev.hamcp.bridge.api.user.LogIn;
import dev.hamcp.bridge.api.user.LoginFailed;
import dev.hamcp.bridge.api.user.LoginOutcome;
import dev.hamcp.bridge.api.user.Password;
import dev.hamcp.bridge.api.user.SessionStarted;
import dev.hamcp.bridge.api.user.UserDisabled;
import java.time.Instant;
import java.util.Arrays;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UserLoginTest {

    private static final Instant LOCKED_UNTIL = T0.plus(POLICY.lockDuration());
    private static final Instant EXPIRES_AT = T0.plus(SESSION_LIFETIME);

    private AggregateTestFixture<User> fixture;

    @BeforeEach
    void setUp() {
        fixture = userFixture();
    }

    @Test
    void theRightPasswordStartsASession() {
        fixture.givenCurrentTime(T0)
                .andGiven(registered())
                .when(logIn(PASSWORD))
                .expectEvents(new SessionStarted(USER_ID, "s1", "hash-s1", EXPIRES_AT))
                .expectResultMessagePayload(LoginOutcome.started());
    }

    @Test
    void aWrongPasswordIsRecordedAndRejected() {
        fixture.givenCurrentTime(T0)
                .andGiven(registered())
                .when(logIn(WRONG_PASSWORD))
                .expectEvents(new LoginFailed(USER_ID))
                .expectResultMessagePayload(LoginOutcome.rejected());
    }

    @Test
    void theFifthFailureWithinTheWindowLocksTheAccount() {
        fixture.givenCurrentTime(T0)
                .andGiven(registered())
                .andGiven(failures(4))
                .when(logIn(WRONG_PASSWORD))
                .expectEvents(new LoginFailed(USER_ID), new AccountLocked(USER_ID, LOCKED_UNTIL, 5))
                .expectResultMessagePayload(LoginOutcome.locked(LOCKED_UNTIL));
    }

    @Test
    void aLockedAccountAnswersLockedEvenToTheRightPasswordAndRecordsNothing() {
        fixture.givenCurrentTime(T0)
                .andGiven(registered())
                .andGiven(failures(5))
                .andGiven(new AccountLocked(USER_ID, LOCKED_UNTIL, 5))
                .andGivenCurrentTime(LOCKED_UNTIL.minusSeconds(1))
                .when(logIn(PASSWORD))
                .expectNoEvents()
                .expectResultMessagePayload(LoginOutcome.locked(LOCKED_UNTIL));
    }

    @Test
    void theAccountUnlocksOnceTheLockDurationHasPassed() {
        fixture.givenCurrentTime(T0)
                .andGiven(registered())
                .andGiven(failures(5))
                .andGiven(new AccountLocked(USER_ID, LOCKED_UNTIL, 5))
                .andGivenCurrentTime(LOCKED_UNTIL)
                .when(logIn(PASSWORD))
                .expectEvents(new SessionStarted(USER_ID, "s1", "hash-s1", EXPIRES_AT))
                .expectResultMessagePayload(LoginOutcome.started());
    }

    @Test
    void aWrongPasswordAfterALockExpiredStartsCountingAfresh() {
        fixture.givenCurrentTime(T0)
                .andGiven(registered())
                .andGiven(failures(5))
                .andGiven(new AccountLocked(USER_ID, LOCKED_UNTIL, 5))
                .andGivenCurrentTime(LOCKED_UNTIL)
                .when(logIn(WRONG_PASSWORD))
                .expectEvents(new LoginFailed(USER_ID))
                .expectResultMessagePayload(LoginOutcome.rejected());
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        fixture.givenCurrentTime(T0)
                .andGiven(registered())
                .andGiven(failures(4))
                .andGivenCurrentTime(T0.plus(POLICY.window()))
                .when(logIn(WRONG_PASSWORD))
                .expectEvents(new LoginFailed(USER_ID))
                .expectResultMessagePayload(LoginOutcome.rejected());
    }

    @Test
    void aSuccessfulLoginClearsEarlierFailures() {
        fixture.givenCurrentTime(T0)
                .andGiven(registered())
                .andGiven(failures(4))
                .andGiven(sessionStarted("s0"))
                .when(logIn(WRONG_PASSWORD))
                .expectEvents(new LoginFailed(USER_ID))
                .expectResultMessagePayload(LoginOutcome.rejected());
    }

    @Test
    void aDisabledUserIsRejectedEvenWithTheRightPasswordAndNothingIsRecorded() {
        fixture.givenCurrentTime(T0)
                .andGiven(registered(), new UserDisabled(USER_ID))
                .when(logIn(PASSWORD))
                .expectNoEvents()
                .expectResultMessagePayload(LoginOutcome.rejected());
    }

    @Test
    void aSessionIdAlreadyInUseIsAConflict() {
        fixture.givenCurrentTime(T0)
                .andGiven(registered(), sessionStarted("s1"))
                .when(logIn(PASSWORD))
                .expectNoEvents()
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(refusedWith(ErrorCode.CONFLICT));
    }

    private static LogIn logIn(Password password) {
        return new LogIn(USER_ID, password, "s1", "hash-s1", EXPIRES_AT);
    }

    private static Object[] failures(int count) {
        Object[] events = new Object[count];
        Arrays.fill(events, new LoginFailed(USER_ID));
        return events;
    }
}
