package dev.hamcp.bridge.runtime.health;

import static dev.hamcp.bridge.runtime.support.Api.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hamcp.bridge.runtime.mcp.McpClient;
import dev.hamcp.bridge.runtime.support.Api;
import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** What anyone may see without logging in: the dashboard, health and metrics, and nothing secret in them. */
class PublicEndpointsTest extends BridgeIntegrationTest {

    @Test
    void healthSaysUpOnceTheBridgeCanServe() {
        api.get("/health", null).expectStatus().isOk().expectBody(Api.json()).value(body -> assertThat(body)
                .containsEntry("status", "UP"));
        api.get("/actuator/health", null)
                .expectStatus()
                .isOk()
                .expectBody(Api.json())
                .value(body -> assertThat(body).containsEntry("status", "UP").doesNotContainKey("components"));
    }

    @Test
    void everyAnswerCarriesTheBaselineContentSecurityPolicy() {
        for (String path : new String[] {"/health", "/", "/auth/me"}) {
            var policy = api.get(path, null)
                    .returnResult(String.class)
                    .getResponseHeaders()
                    .getFirst("Content-Security-Policy");
            assertThat(policy)
                    .as(path)
                    .contains("default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'")
                    .doesNotContain("unsafe-eval");
        }
    }

    @Test
    void theDashboardIsServedAtTheRoot() {
        // -Dui.skip=true builds the runtime without the dashboard, on purpose: nothing to serve then.
        assumeTrue(
                getClass().getResource("/static/index.html") != null, "the dashboard was not built (-Dui.skip=true)");
        String page = api.get("/", null)
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(page).contains("<title>HA-MCP Bridge</title>");
    }

    /** A page's address (a bookmark, a reload) answers the app; any other unknown path stays a 404 problem. */
    @Test
    void theDashboardsPagesAnswerTheAppAndNoOtherPathDoes() {
        assumeTrue(
                getClass().getResource("/static/index.html") != null, "the dashboard was not built (-Dui.skip=true)");
        for (String page :
                new String[] {"/tokens", "/tools", "/calls", "/sign-in", "/connections/new", "/manage/people"}) {
            api.get(page, null)
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.TEXT_HTML)
                    .expectHeader()
                    .valueEquals("Cache-Control", "no-cache")
                    .expectBody(String.class)
                    .value(body -> assertThat(body).contains("<title>HA-MCP Bridge</title>"));
        }
        expectProblem(api.get("/tokens-and-more", null), 401, "unauthenticated");
        expectProblem(api.get("/api/tokens", null), 401, "unauthenticated");
    }

    @Test
    void metricsAreOpenToThisMachineAndToAdministratorsOnly() {
        var elsewhere = new Api(clientFrom(newClientAddress()));
        elsewhere.get("/actuator/prometheus", null).expectStatus().isUnauthorized();
        elsewhere
                .get("/actuator/prometheus", api.login(api.newUser()).accessToken())
                .expectStatus()
                .isForbidden();
        elsewhere
                .get("/actuator/prometheus", api.admin().accessToken())
                .expectStatus()
                .isOk();
        api.get("/actuator/prometheus", null).expectStatus().isOk();
    }

    @Test
    void metricsNameNoUsersConnectionNorItsBreaker() {
        var session = api.login(api.newUser()).accessToken();
        String connection = api.addConnection(
                session,
                Map.of(
                        "name", "home",
                        "url", "http://127.0.0.1:" + port + "/simulator/ha",
                        "token", "test-simulator-token"));
        var answer = new McpClient(http, session).initialize().call("home_GetLiveContext", Map.of());
        assertThat(answer.has("error")).as("%s", answer).isFalse();

        assertThat(api.get("/actuator/prometheus", null)
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody())
                .doesNotContain(connection);
    }

    @Test
    void prometheusMetricsAreExposedWithoutUserData() {
        var user = api.newUser();
        api.login(user);

        String metrics = api.get("/actuator/prometheus", null)
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(metrics).contains("jvm_memory_used_bytes").contains("http_server_requests_seconds");
        assertThat(metrics)
                .doesNotContain(user.username())
                .doesNotContain(user.userId())
                .doesNotContain(user.password());
    }

    @Test
    void otherActuatorEndpointsAreNotExposed() {
        api.get("/actuator/env", null).expectStatus().isUnauthorized();
        var session = api.login(api.newUser());
        api.get("/actuator/env", session.accessToken()).expectStatus().isNotFound();
        api.get("/actuator/beans", session.accessToken()).expectStatus().isNotFound();
    }
}
