package dev.hamcp.bridge.command.user;

import static dev.hamcp.bridge.command.Refusals.refusedWith;
import static dev.hamcp.bridge.command.user.TestUsers.*;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.equalTo;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.user.AccountLocked;
import dev.hamcp.bridge.api.user.ChangePassword;
import dev.hamcp.bridge.api.user.CurrentPasswordRejected;
import dev.hamcp.bridge.api.user.LoginFailed;
import dev.hamcp.bridge.api.user.Password;
import dev.hamcp.bridge.api.user.PasswordChangeOutcome;
import dev.hamcp.bridge.api.user.PasswordChanged;
import dev.hamcp.bridge.api.user.Role;
import dev.hamcp.bridge.api.user.SessionEndReason;
import dev.hamcp.bridge.api.user.SessionEnded;
import java.time.Instant;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UserPasswordTest {

    private static final Password NEW_PASSWORD = new Password("a much longer passphrase");

    private AggregateTestFixture<User> fixture;

    @BeforeEach
    void setUp() {
        fixture = userFixture();
    }

    @Test
    void changingThePasswordEndsEveryOtherSessionButKeepsTheCurrentOne() {
        fixture.givenCurrentTime(T0)
                .andGiven(registered(), sessionStarted("s1"), sessionStarted("s2"), sessionStarted("s3"))
                .when(new ChangePassword(USER_ID, "s2", PASSWORD, NEW_PASSWORD))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches((Object e) -> e instanceof PasswordChanged changed
                                && changed.userId().equals(USER_ID)
                                && HASHER.verify(NEW_PASSWORD, changed.passwordHash())),
                        equalTo(new SessionEnded(USER_ID, "s1", SessionEndReason.PASSWORD_CHANGED)),
                        equalTo(new SessionEnded(USER_ID, "s3", SessionEndReason.PASSWORD_CHANGED)),
                        andNoMore())));
    }

    @Test
    void aWrongCurrentPasswordIsRefusedAndCountsAsAFailedLogin() {
        fixture.givenCurrentTime(T0)
                .andGiven(registered(), sessionStarted("s1"))
                .when(new ChangePassword(USER_ID, "s1", WRONG_PASSWORD, NEW_PASSWORD))
                .expectEvents(new CurrentPasswordRejected(USER_ID))
                .expectResultMessagePayload(PasswordChangeOutcome.wrongCurrentPassword());
    }

    @Test
    void theFifthWrongPasswordWithinTheWindowLocksTheAccountWhereverItWasGiven() {
        Instant lockedUntil = T0.plus(POLICY.lockDuration());
        fixture.givenCurrentTime(T0)
                .andGiven(registered(), sessionStarted("s1"))
                .andGiven(new LoginFailed(USER_ID), new CurrentPasswordRejected(USER_ID), new LoginFailed(USER_ID))
                .andGiven(new CurrentPasswordRejected(USER_ID))
                .when(new ChangePassword(USER_ID, "s1", WRONG_PASSWORD, NEW_PASSWORD))
                .expectEvents(new CurrentPasswordRejected(USER_ID), new AccountLocked(USER_ID, lockedUntil, 5))
                .expectResultMessagePayload(PasswordChangeOutcome.locked(lockedUntil));
    }

    @Test
    void aLockedAccountCannotChangeItsPasswordEvenWithTheRightOne() {
        Instant lockedUntil = T0.plus(POLICY.lockDuration());
        fixture.givenCurrentTime(T0)
                .andGiven(registered(), sessionStarted("s1"), new AccountLocked(USER_ID, lockedUntil, 5))
                .when(new ChangePassword(USER_ID, "s1", PASSWORD, NEW_PASSWORD))
                .expectNoEvents()
                .expectResultMessagePayload(PasswordChangeOutcome.locked(lockedUntil));
    }

    @Test
    void aNewPasswordShorterThanTenCharactersIsRefused() {
        expectPolicyViolation(new Password("nine char"));
    }

    @Test
    void aNewPasswordLongerThan256CharactersIsRefused() {
        expectPolicyViolation(new Password("x".repeat(PasswordPolicy.MAX_LENGTH + 1)));
    }

    @Test
    void aNewPasswordEqualToTheUsernameIgnoringCaseIsRefused() {
        fixture.givenCurrentTime(T0)
                .andGiven(registered("LongUsername", Role.USER))
                .when(new ChangePassword(USER_ID, null, PASSWORD, new Password("longUSERNAME")))
                .expectNoEvents()
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(refusedWith(ErrorCode.PASSWORD_POLICY));
    }

    @Test
    void aNewPasswordEqualToTheCurrentOneIsRefused() {
        expectPolicyViolation(PASSWORD);
    }

    private void expectPolicyViolation(Password newPassword) {
        fixture.givenCurrentTime(T0)
                .andGiven(registered())
                .when(new ChangePassword(USER_ID, null, PASSWORD, newPassword))
                .expectNoEvents()
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(refusedWith(ErrorCode.PASSWORD_POLICY));
    }
}
