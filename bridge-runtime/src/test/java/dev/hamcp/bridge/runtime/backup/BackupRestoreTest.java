package dev.hamcp.bridge.runtime.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hamcp.bridge.runtime.BridgeApplication;
import dev.hamcp.bridge.runtime.audit.chain.CheckpointKey;
import dev.hamcp.bridge.runtime.mcp.McpClient;
import dev.hamcp.bridge.runtime.rebuild.ReadModelRebuild;
import dev.hamcp.bridge.runtime.support.Api;
import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import dev.hamcp.bridge.runtime.support.TestDatabase;
import dev.hamcp.simulator.HomeAssistantSimulator;
import dev.hamcp.simulator.standalone.StandaloneServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A backup taken over HTTP while the bridge serves restores, through the command line, into a new
 * empty database as the same installation: the same events, chain and checkpoint, every read
 * model rebuilt identical, and the same users, tokens and grants served. An archive with one byte
 * changed anywhere is refused before anything is written.
 */
class BackupRestoreTest extends BridgeIntegrationTest {

    private static final String HOUSE_TOKEN = "llat-backup-house-0123456789";
    /** The installation's keys, kept beside the archive as docs/backup.md says; a restore needs them, the archive never holds them. */
    private static final List<String> KEY_FILES = List.of("secrets-master.key", "jwt-signing.key", "audit-signing.key");

    private static StandaloneServer house;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CheckpointKey checkpointKey;

    @Autowired
    ReadModelRebuild readModelProcessors;

    @BeforeAll
    static void aHouse() throws Exception {
        house = StandaloneServer.start(new HomeAssistantSimulator(HOUSE_TOKEN), HOUSE_TOKEN, 0);
    }

    @AfterAll
    static void closeTheHouse() throws Exception {
        house.close();
    }

    @Test
    void aBackupRestoresIntoAnEmptyDatabaseAsTheSameInstallation() throws Exception {
        var world = fullFlows();
        var admin = api.admin().accessToken();
        await().atMost(Duration.ofSeconds(30)).until(this::readModelsCaughtUp);
        // Nothing is appended from here to the backup, so the archive's head is the state read now.
        var readModels = readModels(jdbc, Long.MAX_VALUE);
        Path file = backupOverHttp(admin);
        var manifest = BackupVerifier.verify(file, installationKey()).manifest();

        var target = TestDatabase.fresh();
        Path restoredData = dataDirectoryWithTheKeys();
        int status = BridgeCommandLine.run(
                "restore",
                "--in",
                file.toString(),
                "--spring.profiles.active=test",
                "--bridge.db.url=" + target.url(),
                "--bridge.db.user=" + target.user(),
                "--bridge.db.password=" + target.password(),
                "--bridge.data-dir=" + restoredData);
        assertThat(status).isEqualTo(BridgeCommandLine.DONE);

        var restored = new JdbcTemplate(dataSourceOf(target));
        long head = manifest.headPosition();
        assertThat(readModels(restored, head)).isEqualTo(readModels);
        assertThat(store(restored, manifest)).isEqualTo(store(jdbc, manifest));
        assertThat(restored.queryForObject(
                        "SELECT chain_hash FROM audit_chain_entry ORDER BY leaf_index DESC LIMIT 1", byte[].class))
                .isEqualTo(Base64.getDecoder().decode(manifest.checkpoint().headHash()));

        try (var bridge = new SpringApplicationBuilder(BridgeApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.profiles.active=test",
                        "--bridge.db.url=" + target.url(),
                        "--bridge.db.user=" + target.user(),
                        "--bridge.db.password=" + target.password(),
                        "--bridge.data-dir=" + restoredData)) {
            theRestoredBridgeServesTheSameInstallation(clientOf(bridge), world);
        }
    }

    @Test
    void anArchiveWithOneByteChangedIsRefusedAndNothingIsWritten() throws Exception {
        var user = api.newUser();
        api.login(user);
        byte[] archive = Files.readAllBytes(backupOverHttp(api.admin().accessToken()));
        byte[] userId = user.userId().getBytes(StandardCharsets.UTF_8);

        assertRefused(flipped(archive, indexOf(archive, userId, 0) + 3), "content was changed");
        assertRefused(flipped(archive, lastIndexOf(archive, "\"bridgeVersion\":\"") + 17), "signature does not verify");
        assertRefused(flipped(archive, lastIndexOf(archive, "\"bodySha256\":\"") + 20), "signature does not verify");
        assertRefused(flipped(archive, archive.length - 1), "signature does not verify");
        assertRefused(Arrays.copyOf(archive, archive.length - 100), "truncated");
    }

    @Test
    void theCommandLineWritesAnArchiveThatVerifies() throws Exception {
        api.login(api.newUser());
        Path file = Files.createTempDirectory(Path.of("target"), "backup-cli").resolve("bridge.backup");
        var db = TestDatabase.get();
        String[] configuration = {
            "--spring.profiles.active=test",
            "--bridge.db.url=" + db.url(),
            "--bridge.db.user=" + db.user(),
            "--bridge.db.password=" + db.password()
        };
        assertThat(BridgeCommandLine.run(concat(new String[] {"backup", "--out", file.toString()}, configuration)))
                .isEqualTo(BridgeCommandLine.DONE);
        assertThat(BridgeCommandLine.run(
                        concat(new String[] {"verify-backup", "--in", file.toString()}, configuration)))
                .isEqualTo(BridgeCommandLine.DONE);
        assertThat(jdbc.queryForMap("SELECT * FROM audit_backup ORDER BY id DESC LIMIT 1"))
                .containsEntry("reason", "backup (command line)")
                .containsEntry("sha256", sha256(file));
    }

    private record World(
            Api.User alice,
            Api.Session aliceSession,
            String aliceToken,
            String aliceConnection,
            Api.User bob,
            String bobsToken,
            Object bobsPermissions) {}

    /** Users, sessions, a token, a grant, a connection, a shredded user and a disabled one. */
    private World fullFlows() {
        var admin = api.admin().accessToken();
        var alice = api.newUser();
        var aliceSession = api.login(alice);
        String aliceToken =
                (String) api.post("/api/tokens/generate", aliceSession.accessToken(), Map.of("name", "LM Studio"))
                        .expectStatus()
                        .isCreated()
                        .expectBody(Api.json())
                        .returnResult()
                        .getResponseBody()
                        .get("token");
        String connection = api.addConnection(
                aliceSession.accessToken(),
                Map.of("name", "home", "url", house.baseUri().toString(), "token", HOUSE_TOKEN));
        var bob = api.newUser();
        api.put("/permissions/user/" + bob.userId(), admin, Map.of("tool", "GetDateTime", "levels", List.of("read")))
                .expectStatus()
                .isOk();
        var bobSession = api.login(bob);
        String bobsToken = (String) api.post("/api/tokens/generate", bobSession.accessToken(), Map.of("name", "n8n"))
                .expectStatus()
                .isCreated()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody()
                .get("token");
        assertThat(new McpClient(http, bobsToken)
                        .initialize()
                        .call("GetDateTime", Map.of())
                        .has("error"))
                .isFalse();
        api.post("/auth/logout", bobSession.accessToken(), null).expectStatus().isNoContent();
        var carol = api.newUser();
        api.addConnection(
                api.login(carol).accessToken(),
                Map.of("name", "carols-house", "url", house.baseUri().toString(), "token", HOUSE_TOKEN));
        api.delete("/admin/users/" + carol.userId(), admin).expectStatus().isNoContent();
        var dave = api.newUser();
        api.post("/admin/users/" + dave.userId() + "/disable", admin, null)
                .expectStatus()
                .isNoContent();
        var permissions = api.read("/permissions/user/" + bob.userId(), admin);
        return new World(alice, aliceSession, aliceToken, connection, bob, bobsToken, permissions);
    }

    /** Downloads a backup as a client would, streamed to a file. */
    private Path backupOverHttp(String admin) throws Exception {
        Path file = Files.createTempDirectory(Path.of("target"), "backup").resolve("bridge.backup");
        var body = http.post()
                .uri("/admin/security/backup")
                .headers(h -> h.setBearerAuth(admin))
                .header("X-Audit-Reason", "before the upgrade")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .expectHeader()
                .value(HttpHeaders.CONTENT_DISPOSITION, disposition -> assertThat(disposition)
                        .startsWith("attachment; filename=\"ha-mcp-bridge-")
                        .endsWith(".backup\""))
                .returnResult(DataBuffer.class)
                .getResponseBody();
        DataBufferUtils.write(body, file).block(Duration.ofSeconds(60));
        var recorded = jdbc.queryForMap("SELECT * FROM audit_backup ORDER BY id DESC LIMIT 1");
        assertThat(recorded)
                .containsEntry("requested_by", userIdOf(admin))
                .containsEntry("reason", "backup: before the upgrade")
                .containsEntry("sha256", sha256(file));
        assertThat(recorded.get("completed_at")).isNotNull();
        return file;
    }

    private boolean readModelsCaughtUp() {
        return readModelProcessors.caughtUpTo(readModelProcessors.head());
    }

    private void theRestoredBridgeServesTheSameInstallation(WebTestClient restored, World world) {
        var api = new Api(restored);
        // The session signed before the backup is still good: the JWT key came along with the others.
        api.get("/auth/me", world.aliceSession().accessToken()).expectStatus().isOk();
        var alice = api.login(world.alice());
        api.get("/auth/me", world.aliceToken())
                .expectStatus()
                .isOk()
                .expectBody(Api.json())
                .value(me ->
                        assertThat(me).containsEntry("userId", world.alice().userId()));
        var mcp = new McpClient(restored, world.bobsToken()).initialize();
        assertThat(mcp.call("GetDateTime", Map.of()).has("error")).isFalse();
        // Her Home Assistant token opens again under the master key kept apart from the archive.
        api.get("/config/homeassistant/" + world.aliceConnection(), alice.accessToken())
                .expectStatus()
                .isOk();
        api.post("/config/homeassistant/" + world.aliceConnection() + "/test", alice.accessToken(), null)
                .expectStatus()
                .isOk();
        assertThat(api.read(
                        "/permissions/user/" + world.bob().userId(), api.admin().accessToken()))
                .isEqualTo(world.bobsPermissions());
    }

    private void assertRefused(byte[] archive, String because) throws Exception {
        Path file = Files.createTempFile(Path.of("target"), "tampered", ".backup");
        Files.write(file, archive);
        var target = TestDatabase.fresh();
        var restoreTarget = dataSourceOf(target);
        assertThatThrownBy(() -> Restore.restore(restoreTarget, file, installationKey()))
                .isInstanceOf(BackupRefused.class)
                .hasMessageContaining(because);
        assertThat(new JdbcTemplate(restoreTarget)
                        .queryForObject("SELECT to_regclass('domain_event_entry') IS NULL", Boolean.class))
                .as("nothing written")
                .isTrue();
    }

    /** The tables the processors build, as of the archive's head. No column is node-local: times come from the events. */
    private static List<List<Map<String, Object>>> readModels(JdbcTemplate db, long head) {
        return List.of(
                db.queryForList("SELECT * FROM users ORDER BY user_id"),
                db.queryForList("SELECT * FROM user_sessions ORDER BY session_id"),
                db.queryForList("SELECT * FROM audit_event WHERE position <= ? ORDER BY position", head));
    }

    /** The archive's tables, up to the cut, compared as PostgreSQL's text of every row. */
    private static List<List<String>> store(JdbcTemplate db, Manifest manifest) {
        long head = manifest.headPosition();
        long size = manifest.checkpoint().treeSize();
        return List.of(
                db.queryForList(
                        "SELECT t::text FROM domain_event_entry t WHERE global_index <= ? ORDER BY global_index",
                        String.class,
                        head),
                db.queryForList("SELECT t::text FROM data_key t ORDER BY owner_id", String.class),
                db.queryForList(
                        "SELECT t::text FROM audit_chain_entry t WHERE leaf_index < ? ORDER BY leaf_index",
                        String.class,
                        size),
                db.queryForList(
                        "SELECT t::text FROM audit_checkpoint t WHERE tree_size <= ? ORDER BY tree_size",
                        String.class,
                        size));
    }

    private PublicKey installationKey() {
        return checkpointKey.publicKey();
    }

    private static Path dataDirectoryWithTheKeys() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "restored-data").toAbsolutePath();
        for (String name : KEY_FILES) {
            Files.copy(Path.of("target/test-data").resolve(name), dir.resolve(name));
        }
        return dir;
    }

    private static DataSource dataSourceOf(TestDatabase.Coordinates db) {
        return new DriverManagerDataSource(db.url(), db.user(), db.password());
    }

    private static WebTestClient clientOf(org.springframework.context.ConfigurableApplicationContext bridge) {
        int port = ((WebServerApplicationContext) bridge).getWebServer().getPort();
        var http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
        await().atMost(Duration.ofSeconds(60)).until(() -> http.get()
                .uri("/health")
                .exchange()
                .returnResult(String.class)
                .getStatus()
                .is2xxSuccessful());
        return http;
    }

    private static byte[] flipped(byte[] archive, int at) {
        byte[] copy = archive.clone();
        copy[at] ^= 0x01;
        return copy;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    private static int lastIndexOf(byte[] haystack, String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        for (int i = haystack.length - needle.length; i >= 0; i--) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    private String userIdOf(String accessToken) {
        return (String) api.read("/auth/me", accessToken).get("userId");
    }

    private static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static String[] concat(String[] a, String[] b) {
        var both = new String[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
