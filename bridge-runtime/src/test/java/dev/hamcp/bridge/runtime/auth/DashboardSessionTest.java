package dev.hamcp.bridge.runtime.auth;

import static dev.hamcp.bridge.runtime.support.Api.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hamcp.bridge.runtime.support.Api;
import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The dashboard's session: its refresh token never reaches its scripts (an {@code HttpOnly},
 * {@code SameSite=Strict} cookie on the refresh path only), a reload signs in again through the
 * cookie, a page on another site cannot refresh with it, and signing out removes it.
 */
class DashboardSessionTest extends BridgeIntegrationTest {

    @Test
    void aDashboardSignInKeepsTheRefreshTokenOutOfTheBodyInAStrictHttpOnlyCookie() {
        var user = api.newUser();

        var signedIn = signIn(user);

        assertThat(signedIn.getResponseBody())
                .containsEntry("refreshToken", null)
                .containsKey("accessToken");
        var cookie = refreshCookie(signedIn);
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        assertThat(cookie.getPath()).isEqualTo("/auth/refresh");
        assertThat(cookie.isSecure()).as("served over plain HTTP here").isFalse();
        assertThat(cookie.getMaxAge().toHours()).isPositive();
        assertThat(cookie.getValue()).isNotBlank();
    }

    @Test
    void aReloadSignsInAgainThroughTheCookieWhichRotatesAndTheOldValueIsRefused() {
        var first = refreshCookie(signIn(api.newUser())).getValue();

        var refreshed =
                refresh(first).expectStatus().isOk().expectBody(Api.json()).returnResult();

        assertThat(refreshed.getResponseBody()).containsEntry("refreshToken", null);
        String access = (String) refreshed.getResponseBody().get("accessToken");
        api.get("/auth/me", access).expectStatus().isOk();
        var next = refreshCookie(refreshed).getValue();
        assertThat(next).isNotEqualTo(first);
        expectProblem(refresh(first), 401, "invalid-refresh-token");
    }

    @Test
    void aRefreshThroughTheCookieWithoutTheDashboardsHeaderIsRefused() {
        var cookie = refreshCookie(signIn(api.newUser())).getValue();

        // What a form or a link on another site could send: the cookie, but no custom header.
        var forged = http.post()
                .uri("/auth/refresh")
                .cookie(RefreshCookie.NAME, cookie)
                .exchange();

        expectProblem(forged, 401, "invalid-refresh-token");
        refresh(cookie).expectStatus().isOk();
    }

    /** A dashboard opened by someone not signed in asks too: that is no failure, and no error in the browser's console. */
    @Test
    void aDashboardWithoutASessionToResumeIsToldSoWithoutAnError() {
        http.post()
                .uri("/auth/refresh")
                .header(RefreshCookie.REQUEST_HEADER, "cookie")
                .exchange()
                .expectStatus()
                .isNoContent()
                .expectBody()
                .isEmpty();
    }

    @Test
    void signingOutEndsTheSessionAndRemovesTheCookie() {
        var signedIn = signIn(api.newUser());
        String access = (String) signedIn.getResponseBody().get("accessToken");
        var cookie = refreshCookie(signedIn).getValue();

        var out = http.post()
                .uri("/auth/logout")
                .headers(h -> h.setBearerAuth(access))
                .exchange()
                .expectStatus()
                .isNoContent()
                .expectBody()
                .returnResult();

        var removed = out.getResponseCookies().getFirst(RefreshCookie.NAME);
        assertThat(removed).isNotNull();
        assertThat(removed.getMaxAge()).isZero();
        assertThat(removed.getPath()).isEqualTo("/auth/refresh");
        expectProblem(refresh(cookie), 401, "invalid-refresh-token");
    }

    @Test
    void apiClientsStillGetTheRefreshTokenInTheBodyAndNoCookie() {
        var user = api.newUser();

        var result = http.post()
                .uri("/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", user.username(), "password", user.password()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Api.json())
                .returnResult();

        assertThat((String) result.getResponseBody().get("refreshToken")).isNotBlank();
        assertThat(result.getResponseCookies()).doesNotContainKey(RefreshCookie.NAME);
        expectProblem(
                api.post(
                        "/auth/login",
                        null,
                        Map.of("username", user.username(), "password", user.password(), "refreshTokenIn", "url")),
                400,
                "validation-failed");
    }

    private EntityExchangeResult<Map<String, Object>> signIn(Api.User user) {
        return http.post()
                .uri("/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", user.username(), "password", user.password(), "refreshTokenIn", "cookie"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Api.json())
                .returnResult();
    }

    private WebTestClient.ResponseSpec refresh(String cookie) {
        return http.post()
                .uri("/auth/refresh")
                .cookie(RefreshCookie.NAME, cookie)
                .header(RefreshCookie.REQUEST_HEADER, "cookie")
                .exchange();
    }

    private static ResponseCookie refreshCookie(EntityExchangeResult<?> result) {
        var cookie = result.getResponseCookies().getFirst(RefreshCookie.NAME);
        assertThat(cookie).as("the refresh cookie").isNotNull();
        return cookie;
    }
}
