package dev.hamcp.bridge.runtime.auth;

import static dev.hamcp.bridge.runtime.support.Api.expectProblem;
import static dev.hamcp.bridge.runtime.support.Api.items;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hamcp.bridge.runtime.support.Api;
import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** My own account history, from the events: what happened to my account, newest first, and never a secret. */
class AccountHistoryTest extends BridgeIntegrationTest {

    @Test
    void myHistoryTellsMySignInsFailuresTokensAndPasswordNewestFirst() {
        var user = api.newUser();
        expectProblem(
                api.post("/auth/login", null, Map.of("username", user.username(), "password", "not my password")),
                401,
                "invalid-credentials");
        var me = api.login(user).accessToken();
        var token = api.post("/api/tokens/generate", me, Map.of("name", "LM Studio"))
                .expectStatus()
                .isCreated()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();
        api.delete("/api/tokens/" + token.get("id"), me).expectStatus().isNoContent();

        var body = api.get("/auth/history", me)
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        var history = api.read("/auth/history", me);

        assertThat(items(history))
                .extracting(entry -> entry.get("type"))
                .containsExactly(
                        "ApiTokenRevoked", "ApiTokenIssued", "SessionStarted", "LoginFailed", "UserRegistered");
        assertThat(items(history).get(1)).containsEntry("summary", "API token created: \u201cLM Studio\u201d");
        assertThat(items(history).get(2).get("clientIp")).isNotNull();
        assertThat(body).doesNotContain((String) token.get("token")).doesNotContainIgnoringCase("hash");

        var older = api.read("/auth/history?limit=2", me);
        assertThat(items(older)).hasSize(2);
        assertThat(items(api.read("/auth/history?limit=2&cursor=" + older.get("nextCursor"), me)))
                .extracting(entry -> entry.get("type"))
                .containsExactly("SessionStarted", "LoginFailed");

        var someoneElse = api.login(api.newUser()).accessToken();
        assertThat(items(api.read("/auth/history", someoneElse)))
                .extracting(entry -> entry.get("type"))
                .containsExactly("SessionStarted", "UserRegistered");
        expectProblem(api.get("/auth/history?limit=500", me), 400, "validation-failed");
    }
}
