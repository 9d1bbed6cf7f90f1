package dev.hamcp.bridge.runtime.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hamcp.bridge.api.error.BusinessError;
import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.secret.EncryptedSecret;
import dev.hamcp.bridge.api.secret.SealedText;
import dev.hamcp.bridge.command.secret.SecretCipher;
import dev.hamcp.bridge.command.secret.SecretUnavailableException;
import dev.hamcp.bridge.query.user.PersonalData;
import dev.hamcp.bridge.runtime.DataDirectory;
import dev.hamcp.bridge.runtime.mcp.McpClient;
import dev.hamcp.bridge.runtime.support.Api;
import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import dev.hamcp.bridge.runtime.support.LogFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandExecutionException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.jdbc.core.JdbcTemplate;

/** Envelope encryption end to end: master key rotation over HTTP, and crypto-shredding on user deletion. */
class SecretsTest extends BridgeIntegrationTest {

    private static final String SIMULATOR_TOKEN = "test-simulator-token";

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    SecretCipher cipher;

    @Autowired
    MasterKeys masterKeys;

    @Autowired
    PersonalData personalData;

    @Autowired
    DataDirectory dataDirectory;

    @Test
    void aRotationRewrapsEveryDataKeyUnderANewMasterKeyAndLeavesTheEventsAlone() throws Exception {
        String adminToken = api.admin().accessToken();
        var user = api.newUser();
        String name = "keys-" + System.nanoTime() % 1_000_000_000;
        api.post(
                        "/admin/upstreams",
                        adminToken,
                        Map.of(
                                "name",
                                name,
                                "transport",
                                "STREAMABLE_HTTP",
                                "url",
                                "http://127.0.0.1:" + port + "/simulator/ha/api/mcp",
                                "allowedUsers",
                                List.of(user.userId()),
                                "token",
                                SIMULATOR_TOKEN))
                .expectStatus()
                .isCreated();
        EncryptedSecret userSecret = cipher.encrypt(user.userId(), "llat-user-secret");
        String oldKeyId = masterKeys.get().currentKeyId();
        String oldKeyFile = keyFile();
        Map<Long, String> eventsBefore = events();
        Map<String, DataKeyRow> keysBefore = dataKeys();

        Map<String, Object> rotation = api.post("/admin/secrets/master-key/rotation", adminToken, null)
                .expectStatus()
                .isOk()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();

        String newKeyId = (String) rotation.get("toKeyId");
        assertThat(newKeyId).startsWith("master-").isNotEqualTo(oldKeyId);
        assertThat(rotation)
                .containsEntry("fromKeyIds", List.of(oldKeyId))
                .containsEntry("generated", true)
                .containsEntry("retiredKeyIdsStillConfigured", List.of());
        assertThat((Integer) rotation.get("rewrapped")).isGreaterThanOrEqualTo(2);
        // The key file holds the new key, owner-only; the old one is gone once nothing needs it.
        assertThat(keyFile()).isNotEqualTo(oldKeyFile);
        assertThat(Files.getPosixFilePermissions(keyPath())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(dataDirectory.root().resolve(MasterKeys.RETIRED_FILE_NAME)).doesNotExist();
        assertThat(masterKeys.get().retiredKeyIds()).isEmpty();

        // Every live data key is wrapped anew, under the new key; ids and owners stay.
        Map<String, DataKeyRow> keysAfter = dataKeys();
        assertThat(keysAfter.keySet()).containsAll(keysBefore.keySet());
        keysBefore.forEach((owner, before) -> {
            DataKeyRow after = keysAfter.get(owner);
            assertThat(after.keyId()).isEqualTo(before.keyId());
            if (before.wrappedKey() != null) {
                assertThat(after.masterKeyId()).isEqualTo(newKeyId);
                assertThat(after.wrappedKey()).isNotEqualTo(before.wrappedKey());
            }
        });
        // Not one event changed; the rotation added its own, naming keys by id and who asked.
        Map<Long, String> eventsAfter = events();
        eventsBefore.forEach((position, payload) ->
                assertThat(eventsAfter.get(position)).as("event %d", position).isEqualTo(payload));
        String rotationEvent = jdbc.queryForObject(
                "SELECT convert_from(payload, 'UTF8') || convert_from(meta_data, 'UTF8') FROM domain_event_entry"
                        + " WHERE payload_type LIKE '%.DataKeysRewrapped' ORDER BY global_index DESC LIMIT 1",
                String.class);
        assertThat(rotationEvent).contains(oldKeyId, newKeyId, "actor");

        // The secrets open under the new master key alone, through a node that never saw the old one.
        var freshNode = new SecretCipher(masterKeys, new JdbcDataKeyStore(jdbc));
        assertThat(freshNode.decrypt(userSecret)).isEqualTo("llat-user-secret");
        assertThat(freshNode.decrypt(upstreamToken(name))).isEqualTo(SIMULATOR_TOKEN);
        var client = new McpClient(http, api.login(user).accessToken()).initialize();
        var call = client.call(name + "_HassTurnOn", Map.of("name", "Kitchen Light"));
        assertThat(call.at("/result/isError").asBoolean(true)).isFalse();
        api.delete("/admin/upstreams/" + name, adminToken).expectStatus().isNoContent();

        // No key material anywhere but the key file: not in the table, the events, the logs or the answer.
        String table = jdbc.queryForList("SELECT * FROM data_key").toString()
                + jdbc.queryForList("SELECT encode(wrapped_key, 'hex') FROM data_key", String.class);
        String everything = table + LogFiles.all() + String.join("\n", eventsAfter.values()) + rotation;
        for (String key : List.of(oldKeyFile, keyFile())) {
            byte[] raw = Base64.getDecoder().decode(key);
            assertThat(everything)
                    .doesNotContain(key)
                    .doesNotContain(HexFormat.of().formatHex(raw));
        }
        assertThat(LogFiles.all()).doesNotContain(SIMULATOR_TOKEN).doesNotContain("llat-user-secret");
    }

    @Test
    void theKeyStatusNamesKeysByIdOnlyAndOnlyForAdministrators() {
        Map<String, Object> status = api.get(
                        "/admin/secrets/master-key", api.admin().accessToken())
                .expectStatus()
                .isOk()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();

        assertThat(status).containsEntry("currentKeyId", masterKeys.get().currentKeyId());
        assertThat(status).containsEntry("fileManaged", true);
        var user = api.newUser();
        Api.expectProblem(
                api.post("/admin/secrets/master-key/rotation", api.login(user).accessToken(), null), 403, "forbidden");
    }

    @Test
    void deletingAUserDestroysTheirDataKeyAndWithItTheirSecrets() {
        var user = api.newUser();
        EncryptedSecret sealed = cipher.encrypt(user.userId(), "llat-shredded-secret");
        assertThat(cipher.decrypt(sealed)).isEqualTo("llat-shredded-secret");
        assertThat(dataKeys().get(user.userId()).wrappedKey()).isNotNull();

        api.delete("/admin/users/" + user.userId(), api.admin().accessToken())
                .expectStatus()
                .isNoContent();

        DataKeyRow row = dataKeys().get(user.userId());
        assertThat(row.keyId()).isEqualTo(sealed.keyId());
        assertThat(row.wrappedKey()).isNull();
        assertThat(row.masterKeyId()).isNull();
        assertThatThrownBy(() -> cipher.decrypt(sealed))
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessageContaining("destroyed")
                .hasMessageNotContaining("llat-");
        assertThatThrownBy(() -> new SecretCipher(masterKeys, new JdbcDataKeyStore(jdbc)).decrypt(sealed))
                .isInstanceOf(SecretUnavailableException.class);
        assertThatThrownBy(() -> cipher.encrypt(user.userId(), "llat-new"))
                .isInstanceOfSatisfying(CommandExecutionException.class, e -> assertThat(e.getDetails())
                        .hasValueSatisfying(details ->
                                assertThat(((BusinessError) details).code()).isEqualTo(ErrorCode.USER_NOT_FOUND)));
        // The history of the user stays whole.
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                        Long.class,
                        user.userId()))
                .isGreaterThan(1);
    }

    @Test
    void anEmailAddressIsSealedUnderItsOwnersKeyAndShreddedWithThemWhileTheChainStillVerifies() throws Exception {
        var user = api.newUser();
        String email = user.username() + "@example.org";
        String admin = api.admin().accessToken();
        assertThat(api.read("/auth/me", api.login(user).accessToken())).containsEntry("email", email);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.get("/admin/users", admin)
                        .expectStatus()
                        .isOk()
                        .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {})
                        .returnResult()
                        .getResponseBody())
                .anySatisfy(row ->
                        assertThat(row).containsEntry("userId", user.userId()).containsEntry("email", email)));
        // No event, payload or metadata, holds the address: only its ciphertext under the user's key.
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM domain_event_entry WHERE position(? IN convert_from(payload, 'UTF8')) > 0"
                                + " OR position(? IN convert_from(meta_data, 'UTF8')) > 0",
                        Long.class,
                        email,
                        email))
                .isZero();
        JsonNode sealedEmail = new ObjectMapper()
                .readTree(jdbc.queryForObject(
                        "SELECT convert_from(payload, 'UTF8') FROM domain_event_entry WHERE aggregate_identifier = ?"
                                + " AND payload_type LIKE '%.UserRegistered'",
                        String.class, user.userId()))
                .get("sealedEmail");
        var sealed = new SealedText(
                sealedEmail.get("keyId").asText(),
                sealedEmail.get("nonce").asText(),
                sealedEmail.get("ciphertext").asText());
        assertThat(sealed.keyId()).isEqualTo(dataKeys().get(user.userId()).keyId());
        assertThat(personalData.open(sealed)).contains(email);

        api.delete("/admin/users/" + user.userId(), admin).expectStatus().isNoContent();

        assertThat(personalData.open(sealed)).isEmpty();
        long last = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        jdbc.queryForObject("SELECT coalesce(max(last_position), 0) FROM audit_chain_entry", Long.class)
                                >= last);
        Map<String, Object> report = api.post("/admin/security/audit/verify", admin, null)
                .expectStatus()
                .isOk()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();
        assertThat(report).containsEntry("intact", true);
    }

    private record DataKeyRow(String keyId, String masterKeyId, String wrappedKey) {}

    private Map<String, DataKeyRow> dataKeys() {
        var rows = new HashMap<String, DataKeyRow>();
        jdbc.query(
                "SELECT owner_id, key_id, master_key_id, encode(wrapped_key, 'base64') AS wrapped FROM data_key",
                rs -> {
                    rows.put(
                            rs.getString("owner_id"),
                            new DataKeyRow(
                                    rs.getString("key_id"), rs.getString("master_key_id"), rs.getString("wrapped")));
                });
        return rows;
    }

    private Map<Long, String> events() {
        var events = new HashMap<Long, String>();
        jdbc.query("SELECT global_index, encode(payload, 'base64') AS payload FROM domain_event_entry", rs -> {
            events.put(rs.getLong("global_index"), rs.getString("payload"));
        });
        return events;
    }

    private EncryptedSecret upstreamToken(String name) throws Exception {
        String payload = jdbc.queryForObject(
                "SELECT convert_from(payload, 'UTF8') FROM domain_event_entry WHERE aggregate_identifier = ?"
                        + " AND payload_type LIKE '%.UpstreamRegistered' ORDER BY global_index DESC LIMIT 1",
                String.class, name);
        JsonNode token = new ObjectMapper().readTree(payload).get("token");
        return new EncryptedSecret(
                token.get("keyId").asText(),
                token.get("nonce").asText(),
                token.get("ciphertext").asText(),
                token.get("fingerprint").asText());
    }

    private Path keyPath() {
        return dataDirectory.root().resolve(MasterKeys.FILE_NAME);
    }

    private String keyFile() throws Exception {
        return Files.readString(keyPath()).trim();
    }
}
