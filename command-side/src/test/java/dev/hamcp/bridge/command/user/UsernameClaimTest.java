package dev.hamcp.bridge.command.user;

import static dev.hamcp.bridge.command.Refusals.refusedWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.user.UsernameClaimed;
import dev.hamcp.bridge.api.user.UsernameReleased;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UsernameClaimTest {

    private static final String CLAIM_ID = UsernameClaim.idFor("Alice");

    private AggregateTestFixture<UsernameClaim> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(UsernameClaim.class);
    }

    @Test
    void theClaimIdIgnoresCase() {
        assertThat(UsernameClaim.idFor("ALICE"))
                .isEqualTo(UsernameClaim.idFor("alice"))
                .isEqualTo("username:alice");
    }

    @Test
    void aFreeUsernameCanBeClaimed() {
        fixture.givenNoPriorActivity()
                .whenConstructing(() -> claimed("Alice", "u1"))
                .expectEvents(new UsernameClaimed(CLAIM_ID, "Alice", "u1"));
    }

    @Test
    void aClaimedUsernameIsRefused() {
        fixture.given(new UsernameClaimed(CLAIM_ID, "Alice", "u1"))
                .whenInvoking(CLAIM_ID, claim -> claim.claim(CLAIM_ID, "alice", "u2"))
                .expectNoEvents()
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(refusedWith(ErrorCode.USERNAME_TAKEN));
    }

    @Test
    void theOwnerReleasingItFreesTheUsername() {
        fixture.given(new UsernameClaimed(CLAIM_ID, "Alice", "u1"))
                .whenInvoking(CLAIM_ID, claim -> claim.release("u1"))
                .expectEvents(new UsernameReleased(CLAIM_ID, "u1"));
    }

    @Test
    void someoneElseReleasingItRecordsNothing() {
        fixture.given(new UsernameClaimed(CLAIM_ID, "Alice", "u1"))
                .whenInvoking(CLAIM_ID, claim -> claim.release("u2"))
                .expectNoEvents();
    }

    @Test
    void aReleasedUsernameCanBeClaimedAgain() {
        fixture.given(new UsernameClaimed(CLAIM_ID, "Alice", "u1"), new UsernameReleased(CLAIM_ID, "u1"))
                .whenInvoking(CLAIM_ID, claim -> claim.claim(CLAIM_ID, "ALICE", "u2"))
                .expectEvents(new UsernameClaimed(CLAIM_ID, "ALICE", "u2"));
    }

    private static UsernameClaim claimed(String username, String userId) {
        UsernameClaim claim = new UsernameClaim();
        claim.claim(UsernameClaim.idFor(username), username, userId);
        return claim;
    }
}
