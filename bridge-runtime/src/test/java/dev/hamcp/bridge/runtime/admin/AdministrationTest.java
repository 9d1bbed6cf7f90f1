package dev.hamcp.bridge.runtime.admin;

import static dev.hamcp.bridge.runtime.support.Api.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hamcp.bridge.runtime.simulator.BuiltInSimulator;
import dev.hamcp.bridge.runtime.support.Api;
import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The first administrator and what administrators may do to accounts, over HTTP against PostgreSQL. */
class AdministrationTest extends BridgeIntegrationTest {

    @Test
    void theFirstAdministratorMustChangeTheInitialPasswordBeforeAnythingElse() {
        var first = api.post("/auth/login", null, Map.of("username", Api.ADMIN, "password", Api.ADMIN_INITIAL_PASSWORD))
                .returnResult(String.class);
        if (first.getStatus().value() != 200) {
            // Another test of this shared context already changed it; the rule itself is covered below.
            api.admin();
            return;
        }
        var initial = api.login(Api.ADMIN, Api.ADMIN_INITIAL_PASSWORD);
        assertThat(initial.passwordChangeRequired()).isTrue();

        expectProblem(api.get("/admin/users", initial.accessToken()), 403, "password-change-required");
        // /mcp has a security chain of its own; the gate is in it too.
        expectProblem(
                api.post("/mcp", initial.accessToken(), Map.of("jsonrpc", "2.0", "id", 1, "method", "ping")),
                403,
                "password-change-required");
        api.get("/auth/me", initial.accessToken()).expectStatus().isOk();

        var admin = api.admin();
        assertThat(admin.passwordChangeRequired()).isFalse();
        api.get("/admin/users", admin.accessToken()).expectStatus().isOk();
    }

    @Test
    void aPlainUserIsForbiddenFromAdministration() {
        var user = api.login(api.newUser());

        expectProblem(api.get("/admin/users", user.accessToken()), 403, "forbidden");
        expectProblem(api.post("/admin/users/" + "someone" + "/disable", user.accessToken(), null), 403, "forbidden");
        expectProblem(api.get("/admin/users", null), 401, "unauthenticated");
    }

    @Test
    void anAdministratorSeesEveryAccountWithoutSecrets() {
        var user = api.newUser();
        var admin = api.admin();

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(users(admin.accessToken())).anySatisfy(u -> assertThat(u)
                        .containsEntry("userId", user.userId())
                        .containsEntry("username", user.username())
                        .containsEntry("role", "USER")
                        .containsEntry("enabled", true)));
        String listing = api.get("/admin/users", admin.accessToken())
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(listing)
                .doesNotContain(user.password())
                .doesNotContain("pbkdf2")
                .doesNotContainIgnoringCase("hash");
    }

    @Test
    void theListCountsEachAccountsActiveTokensAndHomeAssistantConnections() {
        var user = api.newUser();
        String me = api.login(user).accessToken();
        for (String name : List.of("LM Studio", "n8n")) {
            api.post("/api/tokens/generate", me, Map.of("name", name))
                    .expectStatus()
                    .isCreated();
        }
        String revoked = (String) api.post("/api/tokens/generate", me, Map.of("name", "old laptop"))
                .expectStatus()
                .isCreated()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody()
                .get("id");
        api.delete("/api/tokens/" + revoked, me).expectStatus().isNoContent();
        api.addConnection(
                me,
                Map.of(
                        "name",
                        "home",
                        "url",
                        "http://127.0.0.1:" + port + BuiltInSimulator.BASE_PATH,
                        "token",
                        "test-simulator-token"));

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(users(api.admin().accessToken())).anySatisfy(u -> assertThat(u)
                                .containsEntry("userId", user.userId())
                                .containsEntry("email", user.username() + "@example.org")
                                .containsEntry("activeTokens", 2)
                                .containsEntry("connections", 1)));
    }

    @Test
    void disablingAUserStopsTheirSessionsOnTheNextRequestUntilEnabledAgain() {
        var user = api.newUser();
        var session = api.login(user);
        var admin = api.admin();

        api.post("/admin/users/" + user.userId() + "/disable", admin.accessToken(), null)
                .expectStatus()
                .isNoContent();

        expectProblem(api.get("/auth/me", session.accessToken()), 401, "unauthenticated");
        expectProblem(
                api.post("/auth/refresh", null, Map.of("refreshToken", session.refreshToken())),
                401,
                "invalid-refresh-token");
        expectProblem(
                api.post("/auth/login", null, Map.of("username", user.username(), "password", user.password())),
                401,
                "invalid-credentials");

        api.post("/admin/users/" + user.userId() + "/enable", admin.accessToken(), null)
                .expectStatus()
                .isNoContent();
        api.login(user);
    }

    @Test
    void aPromotedUserMayAdministerOnTheNextRequest() {
        var user = api.newUser();
        var session = api.login(user);
        var admin = api.admin();
        expectProblem(api.get("/admin/users", session.accessToken()), 403, "forbidden");

        api.post("/admin/users/" + user.userId() + "/role", admin.accessToken(), Map.of("role", "ADMIN"))
                .expectStatus()
                .isNoContent();
        api.get("/admin/users", session.accessToken()).expectStatus().isOk();

        api.post("/admin/users/" + user.userId() + "/role", admin.accessToken(), Map.of("role", "USER"))
                .expectStatus()
                .isNoContent();
        expectProblem(api.get("/admin/users", session.accessToken()), 403, "forbidden");
    }

    @Test
    void theLastEnabledAdministratorCanNeitherBeDemotedNorDisabledNorDeleted() {
        var admin = api.admin();
        String adminId = (String) api.get("/auth/me", admin.accessToken())
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody()
                .get("userId");
        // Other tests may promote users for a moment; make sure only this one is left.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(users(admin.accessToken()))
                .filteredOn(u -> "ADMIN".equals(u.get("role")) && Boolean.TRUE.equals(u.get("enabled")))
                .extracting(u -> u.get("userId"))
                .containsExactly(adminId));

        expectProblem(
                api.post("/admin/users/" + adminId + "/role", admin.accessToken(), Map.of("role", "USER")),
                409,
                "last-admin");
        expectProblem(api.post("/admin/users/" + adminId + "/disable", admin.accessToken(), null), 409, "last-admin");
        expectProblem(api.delete("/admin/users/" + adminId, admin.accessToken()), 409, "last-admin");
        api.get("/admin/users", admin.accessToken()).expectStatus().isOk();
    }

    @Test
    void aDeletedUserIsGoneAndTheirUsernameFreeAgain() {
        var user = api.newUser();
        var session = api.login(user);
        var admin = api.admin();

        api.delete("/admin/users/" + user.userId(), admin.accessToken())
                .expectStatus()
                .isNoContent();

        expectProblem(api.get("/auth/me", session.accessToken()), 401, "unauthenticated");
        expectProblem(
                api.post("/admin/users/" + user.userId() + "/enable", admin.accessToken(), null),
                404,
                "user-not-found");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(users(admin.accessToken()))
                .noneSatisfy(u -> assertThat(u).containsEntry("userId", user.userId())));
        api.post(
                        "/auth/register",
                        null,
                        Map.of("username", user.username(), "email", "again@example.org", "password", user.password()))
                .expectStatus()
                .isCreated();
    }

    @Test
    void anUnknownUserIdAnswersNotFound() {
        var admin = api.admin();

        expectProblem(
                api.post("/admin/users/00000000-0000-0000-0000-000000000000/disable", admin.accessToken(), null),
                404,
                "user-not-found");
        expectProblem(
                api.post("/admin/users/not-even-an-id/role", admin.accessToken(), Map.of("role", "ADMIN")),
                404,
                "user-not-found");
    }

    private List<Map<String, Object>> users(String accessToken) {
        return api.get("/admin/users", accessToken)
                .expectStatus()
                .isOk()
                .expectBodyList(Api.json())
                .returnResult()
                .getResponseBody();
    }
}
