package dev.hamcp.bridge.runtime.auth;

import static dev.hamcp.bridge.runtime.support.Api.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hamcp.bridge.runtime.support.Api;
import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Registration, login, refresh rotation, logout, sessions and password changes, over HTTP against PostgreSQL. */
class AuthenticationFlowTest extends BridgeIntegrationTest {

    /** Each test signs in from an address of its own: failed sign-ins are throttled per address. */
    @BeforeEach
    void fromAnAddressOfItsOwn() {
        api = new Api(clientFrom(newClientAddress()));
    }

    @Test
    void failedSignInsFromOneAddressAreThrottledOverEveryUsername() {
        var user = api.newUser();
        for (int attempt = 0; attempt < 10; attempt++) {
            expectProblem(
                    api.post(
                            "/auth/login",
                            null,
                            Map.of("username", "sprayed" + attempt + System.nanoTime(), "password", "Summer2026!!")),
                    401,
                    "invalid-credentials");
        }
        var throttled = api.post("/auth/login", null, Map.of("username", user.username(), "password", user.password()));
        throttled.expectHeader().exists("Retry-After");
        expectProblem(throttled, 429, "rate-limited");

        // Another address is not held back, nor is the account itself.
        new Api(clientFrom(newClientAddress())).login(user);
    }

    @Test
    void anUnknownUsernameIsLockedOutAsARealOneIsSoTheLockoutTellsNothing() {
        var real = api.newUser();
        String unknown = "nobody" + System.nanoTime();
        for (int attempt = 1; attempt < 5; attempt++) {
            for (String username : List.of(real.username(), unknown)) {
                expectProblem(
                        new Api(clientFrom(newClientAddress()))
                                .post("/auth/login", null, Map.of("username", username, "password", "wrong password!")),
                        401,
                        "invalid-credentials");
            }
        }
        var realLocked = expectProblem(
                new Api(clientFrom(newClientAddress()))
                        .post("/auth/login", null, Map.of("username", real.username(), "password", "wrong password!")),
                429,
                "account-locked");
        var unknownLocked = expectProblem(
                new Api(clientFrom(newClientAddress()))
                        .post("/auth/login", null, Map.of("username", unknown, "password", "wrong password!")),
                429,
                "account-locked");
        assertThat(unknownLocked.get("detail")).isEqualTo(realLocked.get("detail"));
        expectProblem(
                new Api(clientFrom(newClientAddress()))
                        .post("/auth/login", null, Map.of("username", unknown, "password", "wrong password!")),
                429,
                "account-locked");
    }

    @Test
    void aRegisteredUserCanLogInAndSeeThemselves() {
        var user = api.newUser();
        var session = api.login(user);

        Map<String, Object> me = api.get("/auth/me", session.accessToken())
                .expectStatus()
                .isOk()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();

        assertThat(me)
                .containsEntry("userId", user.userId())
                .containsEntry("username", user.username())
                .containsEntry("email", user.username() + "@example.org")
                .containsEntry("role", "USER")
                .containsEntry("sessionId", session.sessionId())
                .containsEntry("passwordChangeRequired", false);
        assertThat(session.passwordChangeRequired()).isFalse();
    }

    @Test
    void aUsernameIsTakenWhateverItsCase() {
        var user = api.newUser();

        var response = api.post(
                "/auth/register",
                null,
                Map.of(
                        "username",
                        user.username().toUpperCase(),
                        "email",
                        "other@example.org",
                        "password",
                        "another long password"));

        expectProblem(response, 409, "username-taken");
    }

    @Test
    void aPasswordMustBeLongEnoughAndNotTheUsername() {
        expectProblem(
                api.post(
                        "/auth/register",
                        null,
                        Map.of("username", "shorty", "email", "s@example.org", "password", "tooshort")),
                400,
                "password-policy");
        expectProblem(
                api.post(
                        "/auth/register",
                        null,
                        Map.of("username", "samename123", "email", "s@example.org", "password", "SameName123")),
                400,
                "password-policy");
    }

    @Test
    void aRefreshRotatesTheTokenAndReusingTheOldOneEndsTheSession() {
        var user = api.newUser();
        var first = api.login(user);

        var second = Api.session(api.post("/auth/refresh", null, Map.of("refreshToken", first.refreshToken()))
                .expectStatus()
                .isOk()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody());
        assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
        assertThat(second.sessionId()).isEqualTo(first.sessionId());
        api.get("/auth/me", second.accessToken()).expectStatus().isOk();

        // The spent token comes back: whoever holds it may have stolen it, so the whole session ends.
        expectProblem(
                api.post("/auth/refresh", null, Map.of("refreshToken", first.refreshToken())),
                401,
                "invalid-refresh-token");
        expectProblem(
                api.post("/auth/refresh", null, Map.of("refreshToken", second.refreshToken())),
                401,
                "invalid-refresh-token");
        expectProblem(api.get("/auth/me", second.accessToken()), 401, "unauthenticated");
    }

    @Test
    void aGarbageRefreshTokenIsRefused() {
        expectProblem(
                api.post("/auth/refresh", null, Map.of("refreshToken", "not-a-token")), 401, "invalid-refresh-token");
        expectProblem(
                api.post("/auth/refresh", null, Map.of("refreshToken", "00000000-0000-0000-0000-000000000000.abc")),
                401,
                "invalid-refresh-token");
    }

    @Test
    void afterLogoutTheUnexpiredAccessTokenIsRefusedOnTheNextRequest() {
        var user = api.newUser();
        var session = api.login(user);
        api.get("/auth/me", session.accessToken()).expectStatus().isOk();

        api.post("/auth/logout", session.accessToken(), null).expectStatus().isNoContent();

        var refused = api.get("/auth/me", session.accessToken());
        expectProblem(refused, 401, "unauthenticated");
        expectProblem(
                api.post("/auth/refresh", null, Map.of("refreshToken", session.refreshToken())),
                401,
                "invalid-refresh-token");
    }

    @Test
    void aUserSeesTheirSessionsAndCanEndAnotherOne() {
        var user = api.newUser();
        var laptop = api.login(user);
        var phone = api.login(user);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(sessionIds(laptop.accessToken()))
                .containsExactlyInAnyOrder(laptop.sessionId(), phone.sessionId()));

        api.delete("/auth/sessions/" + phone.sessionId(), laptop.accessToken())
                .expectStatus()
                .isNoContent();

        expectProblem(api.get("/auth/me", phone.accessToken()), 401, "unauthenticated");
        api.get("/auth/me", laptop.accessToken()).expectStatus().isOk();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(sessionIds(laptop.accessToken()))
                .containsExactly(laptop.sessionId()));
    }

    @Test
    void anotherUsersSessionAnswersNotFound() {
        var owner = api.login(api.newUser());
        var stranger = api.login(api.newUser());

        expectProblem(
                api.delete("/auth/sessions/" + owner.sessionId(), stranger.accessToken()), 404, "session-not-found");
        api.get("/auth/me", owner.accessToken()).expectStatus().isOk();
    }

    @Test
    void changingThePasswordNeedsTheCurrentOneAndEndsEveryOtherSession() {
        var user = api.newUser();
        var here = api.login(user);
        var elsewhere = api.login(user);
        String newPassword = "a brand new passphrase";

        expectProblem(
                api.post(
                        "/auth/password",
                        here.accessToken(),
                        Map.of("currentPassword", "not my password", "newPassword", newPassword)),
                400,
                "wrong-current-password");
        api.post(
                        "/auth/password",
                        here.accessToken(),
                        Map.of("currentPassword", user.password(), "newPassword", newPassword))
                .expectStatus()
                .isNoContent();

        api.get("/auth/me", here.accessToken()).expectStatus().isOk();
        expectProblem(api.get("/auth/me", elsewhere.accessToken()), 401, "unauthenticated");
        expectProblem(
                api.post("/auth/login", null, Map.of("username", user.username(), "password", user.password())),
                401,
                "invalid-credentials");
        api.login(user.username(), newPassword);
    }

    @Test
    void anUnknownUserAndAWrongPasswordGetTheSameAnswer() {
        var user = api.newUser();

        var wrongPassword = expectProblem(
                api.post("/auth/login", null, Map.of("username", user.username(), "password", "wrong password!")),
                401,
                "invalid-credentials");
        var unknownUser = expectProblem(
                api.post(
                        "/auth/login",
                        null,
                        Map.of("username", "nobody-" + user.username(), "password", "wrong password!")),
                401,
                "invalid-credentials");

        assertThat(unknownUser.get("detail")).isEqualTo(wrongPassword.get("detail"));
        assertThat(unknownUser.get("title")).isEqualTo(wrongPassword.get("title"));
    }

    @Test
    void fiveFailuresLockTheAccountWhateverThePasswordThenItUnlocks() {
        var user = api.newUser();
        for (int attempt = 1; attempt < 5; attempt++) {
            expectProblem(
                    api.post("/auth/login", null, Map.of("username", user.username(), "password", "wrong password!")),
                    401,
                    "invalid-credentials");
        }
        var fifth = api.post("/auth/login", null, Map.of("username", user.username(), "password", "wrong password!"));
        expectProblem(fifth, 429, "account-locked");

        var rightPassword =
                api.post("/auth/login", null, Map.of("username", user.username(), "password", user.password()));
        rightPassword.expectHeader().exists("Retry-After");
        var lockedRight = expectProblem(rightPassword, 429, "account-locked");
        var lockedWrong = expectProblem(
                api.post("/auth/login", null, Map.of("username", user.username(), "password", "wrong password!")),
                429,
                "account-locked");
        assertThat(lockedRight.get("detail")).isEqualTo(lockedWrong.get("detail"));
        // When it unlocks, for the sign-in page to say.
        assertThat(Instant.parse((String) lockedRight.get("lockedUntil")))
                .isAfter(Instant.now().minusSeconds(1))
                .isBefore(Instant.now().plus(Duration.ofMinutes(1)));

        // The test profile locks for 3 seconds. (Each try from an address of its own: tries at a
        // locked account count against the address too.)
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> new Api(clientFrom(newClientAddress()))
                        .post("/auth/login", null, Map.of("username", user.username(), "password", user.password()))
                        .returnResult(String.class)
                        .getStatus()
                        .is2xxSuccessful());
    }

    @Test
    void wrongCurrentPasswordsCountAsFailedSignInsSoAStolenTokenCannotGuessThePassword() {
        var user = api.newUser();
        String accessToken = api.login(user).accessToken();
        for (int attempt = 1; attempt < 5; attempt++) {
            expectProblem(
                    api.post(
                            "/auth/password",
                            accessToken,
                            Map.of(
                                    "currentPassword",
                                    "guess number " + attempt,
                                    "newPassword",
                                    "a brand new password")),
                    400,
                    "wrong-current-password");
        }
        expectProblem(
                api.post(
                        "/auth/password",
                        accessToken,
                        Map.of("currentPassword", "guess number 5", "newPassword", "a brand new password")),
                429,
                "account-locked");
        // The lock is the sign-in's: the right password does not get in either, for now.
        expectProblem(
                api.post("/auth/login", null, Map.of("username", user.username(), "password", user.password())),
                429,
                "account-locked");
        expectProblem(
                api.post(
                        "/auth/password",
                        accessToken,
                        Map.of("currentPassword", user.password(), "newPassword", "a brand new password")),
                429,
                "account-locked");
    }

    private List<String> sessionIds(String accessToken) {
        List<Map<String, Object>> sessions = api.get("/auth/sessions", accessToken)
                .expectStatus()
                .isOk()
                .expectBodyList(Api.json())
                .returnResult()
                .getResponseBody();
        return sessions.stream().map(s -> (String) s.get("sessionId")).toList();
    }
}
