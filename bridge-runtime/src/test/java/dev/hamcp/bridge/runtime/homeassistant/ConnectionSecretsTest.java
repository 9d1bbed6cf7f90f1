package dev.hamcp.bridge.runtime.homeassistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hamcp.bridge.api.secret.EncryptedSecret;
import dev.hamcp.bridge.command.secret.SecretCipher;
import dev.hamcp.bridge.command.secret.SecretUnavailableException;
import dev.hamcp.bridge.runtime.support.Api;
import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import dev.hamcp.bridge.runtime.support.LogFiles;
import dev.hamcp.simulator.HomeAssistantSimulator;
import dev.hamcp.simulator.standalone.StandaloneServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A Home Assistant token goes in once and is never seen again: not in an answer, a table, an
 * event or a log line, after every thing a user can do with a connection. And once its owner is
 * deleted, the ciphertext the history keeps can no longer be opened by anyone.
 */
class ConnectionSecretsTest extends BridgeIntegrationTest {

    private static final String PATH = "/config/homeassistant";
    private static final String TOKEN = "llat-first-" + UUID.randomUUID();
    private static final String NEXT_TOKEN = "llat-next-" + UUID.randomUUID();

    private static StandaloneServer house;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    SecretCipher cipher;

    private final List<String> answers = new ArrayList<>();

    @BeforeAll
    static void buildTheHouse() throws IOException {
        house = StandaloneServer.start(new HomeAssistantSimulator(TOKEN), TOKEN, 0);
    }

    @AfterAll
    static void pullItDown() {
        house.close();
    }

    @Test
    void afterAFullFlowNoAnswerMetricTableEventOrLogHoldsTheToken() throws IOException {
        var user = api.login(api.newUser()).accessToken();
        String url = house.baseUri().toString();

        remember(api.post(PATH + "/test", user, Map.of("url", url, "token", TOKEN)));
        var saved = api.post(PATH, user, Map.of("name", "home", "url", url, "token", TOKEN))
                .expectStatus()
                .isCreated()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();
        answers.add(saved.toString());
        String id = (String) saved.get("id");
        remember(api.post(PATH + "/" + id + "/test", user, Map.of()));
        remember(api.get(PATH, user));
        remember(api.get(PATH + "/" + id, user));
        remember(api.put(PATH + "/" + id, user, Map.of("name", "home", "url", url, "token", NEXT_TOKEN)));
        remember(api.post(PATH + "/" + id + "/test", user, Map.of()));
        remember(api.get(PATH + "?all=true", api.admin().accessToken()));
        remember(api.delete(PATH + "/" + id, user));
        remember(http.get().uri("/actuator/prometheus").exchange());

        assertThat(String.join("\n", answers)).doesNotContain(TOKEN, NEXT_TOKEN);
        assertThat(everyTable()).doesNotContain(TOKEN, NEXT_TOKEN, hex(TOKEN), hex(NEXT_TOKEN));
        assertThat(LogFiles.all()).doesNotContain(TOKEN, NEXT_TOKEN);
    }

    @Test
    void deletingTheUserMakesTheirStoredTokenUndecryptableWhileTheHistoryStays() throws Exception {
        var user = api.newUser();
        var session = api.login(user).accessToken();
        String id = api.addConnection(
                session, Map.of("name", "home", "url", house.baseUri().toString(), "token", TOKEN));
        EncryptedSecret sealed = storedToken(id);
        assertThat(cipher.decrypt(sealed)).isEqualTo(TOKEN);

        var admin = api.admin().accessToken();
        api.delete("/admin/users/" + user.userId(), admin).expectStatus().isNoContent();

        assertThatThrownBy(() -> cipher.decrypt(sealed)).isInstanceOf(SecretUnavailableException.class);
        assertThat(api.get(PATH + "?all=true", admin)
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody())
                .doesNotContain(id);
        assertThat(storedToken(id)).isEqualTo(sealed);
    }

    private void remember(WebTestClient.ResponseSpec response) {
        var result = response.expectBody(String.class).returnResult();
        assertThat(result.getStatus().is2xxSuccessful()).as("%s", result).isTrue();
        answers.add(result.getResponseHeaders() + "\n" + result.getResponseBody());
    }

    /** Every row of every table in the bridge's schema, as text (byte columns as hex), and the events' payloads decoded. */
    private String everyTable() {
        var text = new StringBuilder();
        for (String table : jdbc.queryForList(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()", String.class)) {
            jdbc.query("SELECT t::text AS row FROM \"" + table + "\" t", rs -> {
                text.append(rs.getString("row")).append('\n');
            });
        }
        jdbc.query(
                "SELECT convert_from(payload, 'UTF8') || convert_from(meta_data, 'UTF8') AS event FROM domain_event_entry",
                rs -> {
                    text.append(rs.getString("event")).append('\n');
                });
        return text.toString();
    }

    private EncryptedSecret storedToken(String connectionId) throws Exception {
        String payload = jdbc.queryForObject(
                "SELECT convert_from(payload, 'UTF8') FROM domain_event_entry WHERE payload_type LIKE '%.HaConnectionAdded'"
                        + " AND convert_from(payload, 'UTF8') LIKE ?",
                String.class, "%" + connectionId + "%");
        JsonNode token = new ObjectMapper().readTree(payload).get("token");
        return new EncryptedSecret(
                token.get("keyId").asText(),
                token.get("nonce").asText(),
                token.get("ciphertext").asText(),
                token.get("fingerprint").asText());
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }
}
