package dev.hamcp.bridge.runtime.permission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hamcp.bridge.runtime.mcp.McpClient;
import dev.hamcp.bridge.runtime.support.Api;
import dev.hamcp.bridge.runtime.support.SimulatedHouseTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Administrators decide who may use which tool; the gateway follows on the very next request:
 * tools/list shows only what a caller may call, and tools/call refuses the rest, naming the tool and
 * the missing level.
 */
class PermissionApiTest extends SimulatedHouseTest {

    private static final Map<String, Object> KITCHEN = Map.of("name", "Kitchen Light");

    @Autowired
    JdbcTemplate jdbc;

    private String admin;
    private Api.User user;
    private String userToken;

    @BeforeEach
    void aUserAndAnAdministrator() {
        admin = api.admin().accessToken();
        user = api.newUser();
        userToken = api.login(user).accessToken();
    }

    @Test
    void anExplicitGrantDecidesWhatAUserSeesAndCallsFromTheNextRequestOn() {
        grant(user, "*", "read");

        var mcp = new McpClient(http, userToken).initialize();
        assertThat(toolNames(mcp)).contains("GetDateTime", "GetLiveContext").doesNotContain("HassTurnOn");
        JsonNode refused = mcp.call("HassTurnOn", KITCHEN);
        assertThat(refused.at("/error/code").asInt()).isEqualTo(-32002);
        assertThat(refused.at("/error/message").asString())
                .contains("HassTurnOn")
                .contains("write")
                .contains("you hold read");
        assertThat(simulator.simulator().state("light.kitchen").orElseThrow().state())
                .isEqualTo("off");

        grant(user, "HassTurnOn", "read", "write");
        assertThat(toolNames(mcp)).contains("HassTurnOn").doesNotContain("HassTurnOff");
        assertThat(mcp.call("HassTurnOn", KITCHEN).has("error")).isFalse();

        api.delete("/permissions/user/" + user.userId() + "/tool/HassTurnOn", admin)
                .expectStatus()
                .isNoContent();
        assertThat(mcp.call("HassTurnOn", KITCHEN).at("/error/code").asInt()).isEqualTo(-32002);
    }

    @Test
    void aRefusalIsRecordedInTheRequestLog() {
        grant(user, "*", "read");
        new McpClient(http, userToken).initialize().call("HassToggle", KITCHEN);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.queryForObject(
                                "SELECT count(*) FROM request_log WHERE user_id = ? AND tool = 'HassToggle' AND outcome = 'DENIED'",
                                Long.class,
                                user.userId())
                        == 1);
    }

    @Test
    void theDefaultPolicyIsInheritedUntilAnExplicitGrantOverridesIt() {
        var before = api.get("/permissions/defaults", admin)
                .expectStatus()
                .isOk()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();
        try {
            // The built-in default: a newcomer may look at everything and change nothing.
            api.put(
                            "/permissions/defaults",
                            admin,
                            Map.of("grants", List.of(Map.of("tool", "*", "levels", List.of("read")))))
                    .expectStatus()
                    .isOk();
            var mcp = new McpClient(http, userToken).initialize();
            assertThat(toolNames(mcp)).contains("GetDateTime").doesNotContain("HassTurnOn");
            assertThat(mcp.call("GetDateTime", Map.of()).has("error")).isFalse();

            grant(user, "Hass*", "read", "write");
            assertThat(toolNames(mcp)).contains("HassTurnOn", "GetDateTime");

            api.put("/permissions/defaults", admin, Map.of("grants", List.of()))
                    .expectStatus()
                    .isOk();
            // Deny by default: with no default, only the explicit grant is left.
            assertThat(toolNames(mcp)).contains("HassTurnOn").doesNotContain("GetDateTime");
        } finally {
            api.put("/permissions/defaults", admin, Map.of("grants", before.get("grants")))
                    .expectStatus()
                    .isOk();
        }
    }

    @Test
    void anAdministratorMayUseEveryTool() {
        var mcp = new McpClient(http, admin).initialize();

        assertThat(toolNames(mcp)).contains("HassTurnOn", "HassLightSet", "GetLiveContext");
    }

    @Test
    void aLevelOverrideChangesWhatAToolNeedsAndCanBeCleared() {
        grant(user, "HassToggle", "read", "write");
        var mcp = new McpClient(http, userToken).initialize();
        try {
            api.put("/permissions/tools/HassToggle", admin, Map.of("level", "execute"))
                    .expectStatus()
                    .isOk();
            assertThat(mcp.call("HassToggle", KITCHEN).at("/error/message").asString())
                    .contains("execute");
            var catalog = api.get("/permissions/tools", admin)
                    .expectStatus()
                    .isOk()
                    .expectBodyList(Map.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(catalog)
                    .anySatisfy(tool -> assertThat(tool)
                            .containsEntry("name", "HassToggle")
                            .containsEntry("level", "execute")
                            .containsEntry("source", "override"))
                    .anySatisfy(tool -> assertThat(tool)
                            .containsEntry("name", "GetDateTime")
                            .containsEntry("level", "read")
                            .containsEntry("source", "catalog"));
        } finally {
            api.delete("/permissions/tools/HassToggle", admin).expectStatus().isNoContent();
        }
        assertThat(mcp.call("HassToggle", KITCHEN).has("error")).isFalse();
    }

    @Test
    void validateAnswersForTheCallerWithoutCallingAnything() {
        grant(user, "*", "read");

        var one = api.post("/permissions/validate", userToken, Map.of("tool", "HassTurnOn"))
                .expectStatus()
                .isOk()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();
        assertThat(one)
                .containsEntry("tool", "HassTurnOn")
                .containsEntry("requiredLevel", "write")
                .containsEntry("grantedLevels", List.of("read"))
                .containsEntry("allowed", false);

        var bulk = api.post(
                        "/permissions/validate/bulk", userToken, Map.of("tools", List.of("GetDateTime", "HassTurnOff")))
                .expectStatus()
                .isOk()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();
        List<Object> allowed = ((List<?>) bulk.get("results"))
                .stream()
                        .<Object>map(result -> ((Map<?, ?>) result).get("allowed"))
                        .toList();
        assertThat(allowed).containsExactly(true, false);

        var me = api.get("/permissions/me", userToken)
                .expectStatus()
                .isOk()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();
        assertThat((List<?>) me.get("grants")).hasSize(1);
        assertThat((List<?>) me.get("tools")).isNotEmpty();
    }

    @Test
    void badInputIsAProblemAndWritesNothing() {
        long events = permissionEvents(user.userId());

        Api.expectProblem(
                api.put(
                        "/permissions/user/" + user.userId(),
                        admin,
                        Map.of("tool", "NoSuchTool", "levels", List.of("read"))),
                400,
                "unknown-tool");
        Api.expectProblem(
                api.put(
                        "/permissions/user/" + user.userId(),
                        admin,
                        Map.of("tool", "Hass**", "levels", List.of("read"))),
                400,
                "invalid-tool-pattern");
        api.put("/permissions/user/" + user.userId(), admin, Map.of("tool", "Hass*", "levels", List.of("fly")))
                .expectStatus()
                .isBadRequest();
        Api.expectProblem(
                api.put("/permissions/user/no-such-user", admin, Map.of("tool", "Hass*", "levels", List.of("read"))),
                404,
                "user-not-found");
        Api.expectProblem(
                api.delete("/permissions/user/" + user.userId() + "/tool/GetDateTime", admin),
                404,
                "permission-not-found");
        Api.expectProblem(
                api.post("/permissions/validate", userToken, Map.of("tool", "NoSuchTool")), 400, "unknown-tool");

        assertThat(permissionEvents(user.userId())).isEqualTo(events);
    }

    @Test
    void aPlainUserCannotChangePermissionsAndTheAttemptIsRefused() {
        Api.expectProblem(
                api.put(
                        "/permissions/user/" + user.userId(),
                        userToken,
                        Map.of("tool", "*", "levels", List.of("execute"))),
                403,
                "forbidden");
        Api.expectProblem(api.get("/permissions/defaults", userToken), 403, "forbidden");
        assertThat(permissionEvents(user.userId())).isZero();
    }

    @Test
    void everyChangeIsAnEventWithTheAdministratorAndTheirReason() {
        http.put()
                .uri("/permissions/user/" + user.userId() + "/bulk")
                .headers(h -> {
                    h.setBearerAuth(admin);
                    h.set("X-Audit-Reason", "kitchen duty");
                })
                .bodyValue(Map.of(
                        "grants",
                        List.of(
                                Map.of("tool", "HassTurnOn", "levels", List.of("read", "write")),
                                Map.of("tool", "HassTurnOff", "levels", List.of("read", "write"), "enabled", false))))
                .exchange()
                .expectStatus()
                .isOk();

        var row = jdbc.queryForMap(
                "SELECT payload_type, convert_from(meta_data, 'UTF8') AS meta FROM domain_event_entry"
                        + " WHERE aggregate_identifier = ? ORDER BY sequence_number DESC LIMIT 1",
                "permissions:" + user.userId());
        assertThat(row.get("payload_type")).asString().endsWith("PermissionsChangedInBulk");
        String adminId = api.get("/auth/me", admin)
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody()
                .get("userId")
                .toString();
        assertThat(row.get("meta")).asString().contains(adminId).contains("kitchen duty");
    }

    private void grant(Api.User who, String tool, String... levels) {
        api.put("/permissions/user/" + who.userId(), admin, Map.of("tool", tool, "levels", List.of(levels)))
                .expectStatus()
                .isOk();
    }

    private long permissionEvents(String userId) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class,
                "permissions:" + userId);
    }

    private static List<String> toolNames(McpClient mcp) {
        JsonNode listed = McpClient.json(mcp.request("tools/list", Map.of()));
        return listed.at("/result/tools")
                .valueStream()
                .map(tool -> tool.at("/name").asString())
                .toList();
    }
}
