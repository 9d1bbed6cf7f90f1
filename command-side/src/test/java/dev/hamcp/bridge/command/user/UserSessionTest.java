package dev.hamcp.bridge.command.user;

import static dev.hamcp.bridge.command.Refusals.refusedWith;
import static dev.hamcp.bridge.command.user.TestUsers.*;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.user.EndSession;
import dev.hamcp.bridge.api.user.LogIn;
import dev.hamcp.bridge.api.user.RefreshOutcome;
import dev.hamcp.bridge.api.user.RefreshSession;
import dev.hamcp.bridge.api.user.SessionEndReason;
import dev.hamcp.bridge.api.user.SessionEnded;
import dev.hamcp.bridge.api.user.SessionRefreshed;
import dev.hamcp.bridge.api.user.SessionStarted;
import dev.hamcp.bridge.api.user.UserDisabled;
import java.time.Instant;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UserSessionTest {

    private static final Instant NEW_EXPIRY = T0.plus(SESSION_LIFETIME).plusSeconds(60);

    private AggregateTestFixture<User> fixture;

    @BeforeEach
    void setUp() {
        fixture = userFixture();
    }

    @Test
    void presentingTheCurrentRefreshTokenRotatesIt() {
        fixture.givenCurrentTime(T0)
                .andGiven(registered(), sessionStarted("s1"))
                .when(refresh("s1", firstTokenOf("s1"), "second"))
                .expectEvents(new SessionRefreshed(USER_ID, "s1", "second", NEW_EXPIRY))
                .expectResultMessagePayload(RefreshOutcome.ROTATED);
    }

    @Test
    void aRotatedTokenCanItselfBeRotated() {
        fixture.givenCurrentTime(T0)
                .andGiven(registered(), sessionStarted("s1"), rotated("s1", "second"))
                .when(refresh("s1", "second", "third"))
                .expectEvents(new SessionRefreshed(USER_ID, "s1", "third", NEW_EXPIRY))
                .expectResultMessagePayload(RefreshOutcome.ROTATED);
    }

    @Test
    void presentingASpentTokenAgainEndsTheSession() {
        fixture.givenCurrentTime(T0)
                .andGiven(registered(), sessionStarted("s1"), rotated("s1", "second"), rotated("s1", "third"))
                .when(refresh("s1", firstTokenOf("s1"), "stolen-next"))
                .expectEvents(new SessionEnded(USER_ID, "s1", SessionEndReason.REFRESH_TOKEN_REUSED))
                .expectResultMessagePayload(RefreshOutcome.REUSE_DETECTED);
    }

    @Test
    void aTokenThatNeverBelongedToTheSessionIsRejected() {
        fixture.givenCurrentTime(T0)
                .andGiven(registered(), sessionStarted("s1"), sessionStarted("s2"))
                .when(refresh("s1", firstTokenOf("s2"), "next"))
                .expectNoEvents()
                .expectResultMessagePayload(RefreshOutcome.REJECTED);
    }

    @Test
    void anExpiredSessionIsRefused() {
        fixture.givenCurrentTime(T0)
                .andGiven(registered(), sessionStarted("s1"))
                .andGivenCurrentTime(T0.plus(SESSION_LIFETIME))
                .when(refresh("s1", firstTokenOf("s1"), "next"))
                .expectNoEvents()
                .expectResultMessagePayload(RefreshOutcome.REJECTED);
    }

    @Test
    void anUnknownSessionIsRefused() {
        fixture.givenCurrentTime(T0)
                .andGiven(registered(), sessionStarted("s1"))
                .when(refresh("nope", firstTokenOf("s1"), "next"))
                .expectNoEvents()
                .expectResultMessagePayload(RefreshOutcome.REJECTED);
    }

    @Test
    void anEndedSessionIsRefused() {
        fixture.givenCurrentTime(T0)
                .andGiven(registered(), sessionStarted("s1"))
                .andGiven(new SessionEnded(USER_ID, "s1", SessionEndReason.LOGGED_OUT))
                .when(refresh("s1", firstTokenOf("s1"), "next"))
                .expectNoEvents()
                .expectResultMessagePayload(RefreshOutcome.REJECTED);
    }

    @Test
    void aDisabledUsersSessionIsRefused() {
        fixture.givenCurrentTime(T0)
                .andGiven(registered(), sessionStarted("s1"), new UserDisabled(USER_ID))
                .when(refresh("s1", firstTokenOf("s1"), "next"))
                .expectNoEvents()
                .expectResultMessagePayload(RefreshOutcome.REJECTED);
    }

    @Test
    void loggingOutEndsTheSession() {
        fixture.givenCurrentTime(T0)
                .andGiven(registered(), sessionStarted("s1"))
                .when(new EndSession(USER_ID, "s1", SessionEndReason.LOGGED_OUT))
                .expectEvents(new SessionEnded(USER_ID, "s1", SessionEndReason.LOGGED_OUT));
    }

    @Test
    void endingASessionThatIsNotActiveIsRefused() {
        fixture.givenCurrentTime(T0)
                .andGiven(registered(), sessionStarted("s1"))
                .andGiven(new SessionEnded(USER_ID, "s1", SessionEndReason.LOGGED_OUT))
                .when(new EndSession(USER_ID, "s1", SessionEndReason.REVOKED))
                .expectNoEvents()
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(refusedWith(ErrorCode.SESSION_NOT_FOUND));
    }

    @Test
    void onlyTheLastFiftySpentTokensOfASessionAreRemembered() {
        fixture.givenCurrentTime(T0).andGiven(registered(), sessionStarted("s1"));
        for (int i = 1; i <= Sessions.SPENT_KEPT + 1; i++) {
            fixture.andGiven(rotated("s1", "token-" + i));
        }
        fixture.when(refresh("s1", firstTokenOf("s1"), "next"))
                .expectNoEvents()
                .expectResultMessagePayload(RefreshOutcome.REJECTED);
    }

    @Test
    void anExpiredSessionIsForgottenOnceAnotherStartsSoItsIdIsFreeAgain() {
        Instant later = T0.plus(SESSION_LIFETIME);
        Instant laterExpiry = later.plus(SESSION_LIFETIME);
        fixture.givenCurrentTime(T0)
                .andGiven(registered(), sessionStarted("s1"))
                .andGivenCurrentTime(later)
                .andGiven(new SessionStarted(USER_ID, "s2", firstTokenOf("s2"), laterExpiry))
                .when(new LogIn(USER_ID, PASSWORD, "s1", "again", laterExpiry))
                .expectEvents(new SessionStarted(USER_ID, "s1", "again", laterExpiry));
    }

    private static RefreshSession refresh(String sessionId, String presented, String next) {
        return new RefreshSession(USER_ID, sessionId, presented, next, NEW_EXPIRY);
    }

    private static SessionRefreshed rotated(String sessionId, String newHash) {
        return new SessionRefreshed(USER_ID, sessionId, newHash, T0.plus(SESSION_LIFETIME));
    }
}
