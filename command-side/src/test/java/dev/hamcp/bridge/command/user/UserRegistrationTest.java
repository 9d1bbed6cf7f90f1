package dev.hamcp.bridge.command.user;

import static dev.hamcp.bridge.command.Refusals.refusedWith;
import static dev.hamcp.bridge.command.user.TestUsers.*;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.user.Password;
import dev.hamcp.bridge.api.user.RegisterUser;
import dev.hamcp.bridge.api.user.Role;
import dev.hamcp.bridge.api.user.UserRegistered;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UserRegistrationTest {

    private AggregateTestFixture<User> fixture;

    @BeforeEach
    void setUp() {
        fixture = userFixture();
    }

    @Test
    void aNewUserIsRecordedWithAHashOfThePasswordAndTheirEmailSealedUnderTheirOwnDataKey() {
        RegisterUser cmd = new RegisterUser(USER_ID, USERNAME, "alice@example.org", PASSWORD, Role.ADMIN, true);

        fixture.givenNoPriorActivity()
                .whenConstructing(() -> new User(cmd, HASHER, CIPHER))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches((Object e) -> e instanceof UserRegistered registered
                                && registered.equals(new UserRegistered(
                                        USER_ID,
                                        USERNAME,
                                        null,
                                        registered.sealedEmail(),
                                        registered.passwordHash(),
                                        Role.ADMIN,
                                        true))
                                && !registered.passwordHash().contains(PASSWORD.value())
                                && !registered.sealedEmail().ciphertext().contains("alice")
                                && CIPHER.open(registered.sealedEmail()).equals("alice@example.org")
                                && HASHER.verify(PASSWORD, registered.passwordHash())),
                        andNoMore())));
    }

    @Test
    void aPasswordThatBreaksThePolicyPreventsTheRegistration() {
        RegisterUser cmd = new RegisterUser(USER_ID, USERNAME, null, new Password("short"), Role.USER, false);

        fixture.givenNoPriorActivity()
                .whenConstructing(() -> new User(cmd, HASHER, CIPHER))
                .expectNoEvents()
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(refusedWith(ErrorCode.PASSWORD_POLICY));
    }
}
