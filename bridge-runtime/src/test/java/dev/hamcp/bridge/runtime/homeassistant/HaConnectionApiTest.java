package dev.hamcp.bridge.runtime.homeassistant;

import static dev.hamcp.bridge.runtime.support.Api.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hamcp.bridge.runtime.simulator.BuiltInSimulator;
import dev.hamcp.bridge.runtime.support.Api;
import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** A user's Home Assistant connections over HTTP, as a user (and an administrator) would use them. */
class HaConnectionApiTest extends BridgeIntegrationTest {

    private static final String PATH = "/config/homeassistant";

    @Autowired
    BuiltInSimulator simulator;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aUserSavesListsChangesAndDeletesAConnectionAndNeverSeesTheTokenAgain() {
        var user = api.login(api.newUser()).accessToken();
        String token = simulator.token();

        var saved = api.post(PATH, user, definition("home", houseUrl(), token))
                .expectStatus()
                .isCreated()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();
        String id = (String) saved.get("id");
        assertThat(saved)
                .containsEntry("name", "home")
                .containsEntry("url", houseUrl())
                .containsEntry("default", true)
                .containsEntry("active", true)
                .containsEntry("timeout", "PT10S")
                .containsKey("tokenFingerprint");

        var listed = api.get(PATH, user)
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult();
        assertThat(listed.getResponseBody()).contains(id).doesNotContain(token);

        var changed = new HashMap<>(definition("house", houseUrl() + "/", null));
        changed.put("timeout", "PT20S");
        var afterChange = api.put(PATH + "/" + id, user, changed)
                .expectStatus()
                .isOk()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();
        assertThat(afterChange)
                .containsEntry("name", "house")
                .containsEntry("url", houseUrl())
                .containsEntry("timeout", "PT20S")
                .containsEntry("tokenFingerprint", saved.get("tokenFingerprint"));

        var one = api.get(PATH + "/" + id, user)
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult();
        assertThat(one.getResponseBody()).contains("\"name\":\"house\"").doesNotContain(token);

        api.delete(PATH + "/" + id, user).expectStatus().isNoContent();
        expectProblem(api.get(PATH + "/" + id, user), 404, "ha-connection-not-found");
        api.get(PATH, user).expectStatus().isOk().expectBody(List.class).isEqualTo(List.of());
    }

    @Test
    void anotherUsersConnectionIsNotFoundAndAdministratorsSeeOnlyMetadata() {
        var owner = api.login(api.newUser()).accessToken();
        var stranger = api.login(api.newUser()).accessToken();
        String id = add(owner, "home");

        expectProblem(api.get(PATH + "/" + id, stranger), 404, "ha-connection-not-found");
        expectProblem(
                api.put(PATH + "/" + id, stranger, definition("mine", houseUrl(), "x")),
                404,
                "ha-connection-not-found");
        expectProblem(api.delete(PATH + "/" + id, stranger), 404, "ha-connection-not-found");
        expectProblem(api.get(PATH + "?all=true", stranger), 403, "forbidden");

        var admin = api.admin().accessToken();
        var everyone = api.get(PATH + "?all=true", admin)
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult();
        assertThat(everyone.getResponseBody()).contains(id).doesNotContain(simulator.token());
        api.get(PATH + "/" + id, admin).expectStatus().isOk();
        expectProblem(api.delete(PATH + "/" + id, admin), 404, "ha-connection-not-found");
        api.get(PATH + "/" + id, owner).expectStatus().isOk();
    }

    @Test
    void theDefaultMovesWhereTheUserSaysAndToTheOldestWhenTheDefaultIsDeleted() {
        var user = api.login(api.newUser()).accessToken();
        String home = add(user, "home");
        String cabin = add(user, "cabin");
        assertThat(isDefault(user, home)).isTrue();
        assertThat(isDefault(user, cabin)).isFalse();

        var makeDefault = new HashMap<>(definition("cabin", houseUrl(), null));
        makeDefault.put("default", true);
        api.put(PATH + "/" + cabin, user, makeDefault).expectStatus().isOk();
        assertThat(isDefault(user, cabin)).isTrue();
        assertThat(isDefault(user, home)).isFalse();

        api.delete(PATH + "/" + cabin, user).expectStatus().isNoContent();
        assertThat(isDefault(user, home)).isTrue();
    }

    @Test
    void badDefinitionsAreRefusedWithAProblemAndWriteNothing() {
        var user = api.login(api.newUser()).accessToken();
        long events = eventCount();
        expectProblem(api.post(PATH, user, definition("Home Sweet", houseUrl(), "t")), 400, "invalid-ha-connection");
        expectProblem(api.post(PATH, user, definition("home", "ftp://x.example", "t")), 400, "invalid-ha-connection");
        expectProblem(
                api.post(PATH, user, definition("home", "http://me:pw@x.example", "t")), 400, "invalid-ha-connection");
        expectProblem(
                api.post(PATH, user, definition("home", "http://x.example/#a", "t")), 400, "invalid-ha-connection");
        expectProblem(api.post(PATH, user, definition("home", houseUrl(), null)), 400, "invalid-ha-connection");
        var tooSlow = new HashMap<>(definition("home", houseUrl(), "t"));
        tooSlow.put("timeout", "PT5M");
        expectProblem(api.post(PATH, user, tooSlow), 400, "invalid-ha-connection");
        expectProblem(api.post(PATH, user, Map.of("name", "home")), 400, "validation-failed");
        assertThat(eventCount()).isEqualTo(events);

        add(user, "home");
        expectProblem(api.post(PATH, user, definition("home", houseUrl(), "t")), 409, "ha-connection-name-taken");
        // The built-in simulator is a shared upstream here: its name prefixes its tools already.
        expectProblem(api.post(PATH, user, definition("simulator", houseUrl(), "t")), 409, "ha-connection-name-taken");
    }

    @Test
    void theEventStoreHoldsOnlyCiphertextAndTheChangesRecordWhoMadeThem() {
        var user = api.login(api.newUser()).accessToken();
        String id = add(user, "home");
        String stored = jdbc.queryForObject(
                "SELECT string_agg(convert_from(payload, 'UTF8') || convert_from(meta_data, 'UTF8'), ' ') "
                        + "FROM domain_event_entry WHERE convert_from(payload, 'UTF8') LIKE ?",
                String.class,
                "%" + id + "%");
        assertThat(stored).contains("ciphertext").doesNotContain(simulator.token());
        assertThat(stored).contains("\"actor\"");
    }

    @Test
    void testingASavedConnectionReportsTheHouseAndRecordsTheResult() {
        var user = api.login(api.newUser()).accessToken();
        String id = add(user, "home");
        long events = eventCount();

        var result = api.post(PATH + "/" + id + "/test", user, Map.of())
                .expectStatus()
                .isOk()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();
        assertThat(result)
                .containsEntry("ok", true)
                .containsEntry("reachable", true)
                .containsEntry("mcpEnabled", true)
                .containsKey("version")
                .containsKey("entityCount")
                .containsKey("toolCount");
        assertThat(eventCount()).isEqualTo(events + 1);

        var connection = api.get(PATH + "/" + id, user)
                .expectStatus()
                .isOk()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();
        assertThat(connection.get("lastTest")).isEqualTo(result);
        assertThat(connection.get("recentTests")).isEqualTo(List.of(result));
    }

    @Test
    void testingBeforeSavingWritesNothingAndNamesWhatIsWrong() {
        var user = api.login(api.newUser()).accessToken();
        long events = eventCount();

        var rejected = api.post(PATH + "/test", user, Map.of("url", houseUrl(), "token", "not-the-token"))
                .expectStatus()
                .isOk()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();
        assertThat(rejected).containsEntry("ok", false).containsEntry("failure", "TOKEN_REJECTED");
        assertThat((String) rejected.get("advice")).isNotBlank();

        var works = api.post(PATH + "/test", user, Map.of("url", houseUrl(), "token", simulator.token()))
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(works).contains("\"ok\":true").doesNotContain(simulator.token());
        assertThat(eventCount()).isEqualTo(events);
    }

    @Test
    void metadataAndLinkLocalDestinationsAreRefusedBeforeAnythingIsSaved() {
        var user = api.login(api.newUser()).accessToken();
        long events = eventCount();
        for (String url : List.of(
                "http://169.254.169.254",
                "http://[fe80::1]:8123",
                "http://[fd00:ec2::254]",
                "http://" + TestNamesResolverProvider.METADATA + ":8123")) {
            expectProblem(api.post(PATH, user, definition("home", url, "t")), 400, "destination-refused");
        }
        assertThat(eventCount()).isEqualTo(events);

        var viaName = api.post(
                        PATH + "/test",
                        user,
                        Map.of("url", "http://" + TestNamesResolverProvider.METADATA, "token", "t"))
                .expectStatus()
                .isOk()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();
        assertThat(viaName).containsEntry("ok", false).containsEntry("failure", "DESTINATION_REFUSED");
    }

    @Test
    void plainHttpToAPublicAddressIsSavedWithAWarningButHttpsAndPrivateAddressesAreNot() {
        var user = api.login(api.newUser()).accessToken();
        var publicHttp = api.post(
                        PATH, user, definition("far", "http://" + TestNamesResolverProvider.PUBLIC + ":8123", "t"))
                .expectStatus()
                .isCreated()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();
        assertThat((List<?>) publicHttp.get("warnings"))
                .singleElement()
                .asString()
                .contains("https");

        var publicHttps = api.post(
                        PATH, user, definition("far-tls", "https://" + TestNamesResolverProvider.PUBLIC, "t"))
                .expectStatus()
                .isCreated()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();
        assertThat(publicHttps).doesNotContainKey("warnings");
        assertThat(api.post(PATH, user, definition("near", houseUrl(), "t"))
                        .expectStatus()
                        .isCreated()
                        .expectBody(Api.json())
                        .returnResult()
                        .getResponseBody())
                .doesNotContainKey("warnings");
    }

    @Test
    void aUserMayTestTenConnectionsAMinuteAndThenWaits() {
        var user = api.login(api.newUser()).accessToken();
        var trial = Map.of("url", "http://127.0.0.1:9", "token", "t", "timeout", "PT1S");
        for (int i = 0; i < 10; i++) {
            api.post(PATH + "/test", user, trial).expectStatus().isOk();
        }
        var refused = api.post(PATH + "/test", user, trial);
        refused.expectHeader().exists("Retry-After");
        expectProblem(refused, 429, "rate-limited");

        // Another user's budget is their own.
        var other = api.login(api.newUser()).accessToken();
        api.post(PATH + "/test", other, trial).expectStatus().isOk();
    }

    private String add(String user, String name) {
        return api.addConnection(user, definition(name, houseUrl(), simulator.token()));
    }

    private boolean isDefault(String user, String id) {
        return Boolean.TRUE.equals(api.get(PATH + "/" + id, user)
                .expectStatus()
                .isOk()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody()
                .get("default"));
    }

    private String houseUrl() {
        return "http://127.0.0.1:" + port + BuiltInSimulator.BASE_PATH;
    }

    private static Map<String, Object> definition(String name, String url, String token) {
        var body = new HashMap<String, Object>();
        body.put("name", name);
        body.put("url", url);
        if (token != null) {
            body.put("token", token);
        }
        return body;
    }

    private long eventCount() {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
    }
}
