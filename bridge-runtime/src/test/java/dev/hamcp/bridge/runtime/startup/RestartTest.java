package dev.hamcp.bridge.runtime.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hamcp.bridge.runtime.BridgeApplication;
import dev.hamcp.bridge.runtime.mcp.McpClient;
import dev.hamcp.bridge.runtime.support.Api;
import dev.hamcp.simulator.HomeAssistantSimulator;
import dev.hamcp.simulator.standalone.StandaloneServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The embedded default as a user meets it: nothing configured but a data directory. The first
 * start creates the administrator; users, sessions and Home Assistant connections (their tokens
 * opened again with the master key kept in the data directory) survive a stop and a start.
 */
class RestartTest {

    private static final String HOUSE_TOKEN = "llat-restart-house-0123456789";

    @Test
    void usersSessionsAndConnectionsSurviveARestartOnTheSameDataDirectory() throws IOException {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "restart-data");
        String username = "survivor";
        String password = "a long enough password";
        try (var house = StandaloneServer.start(new HomeAssistantSimulator(HOUSE_TOKEN), HOUSE_TOKEN, 0)) {
            String refreshToken = firstStart(dataDir, house, username, password);
            secondStart(dataDir, house, username, password, refreshToken);
        }
    }

    private static String firstStart(Path dataDir, StandaloneServer house, String username, String password)
            throws IOException {
        String refreshToken;
        try (var bridge = start(dataDir)) {
            var http = client(bridge);
            Path passwordFile = dataDir.resolve(FirstAdministrator.PASSWORD_FILE);
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(passwordFile));
            assertThat(Files.getPosixFilePermissions(passwordFile))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(dataDir.resolve("jwt-signing.key")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            String adminPassword = Files.readString(passwordFile).trim();
            assertThat(adminPassword).hasSizeGreaterThanOrEqualTo(20);
            http.post()
                    .uri("/auth/login")
                    .bodyValue(Map.of("username", "admin", "password", adminPassword))
                    .exchange()
                    .expectStatus()
                    .isOk();

            http.post()
                    .uri("/auth/register")
                    .bodyValue(Map.of("username", username, "email", "s@example.org", "password", password))
                    .exchange()
                    .expectStatus()
                    .isCreated();
            var login = http.post()
                    .uri("/auth/login")
                    .bodyValue(Map.of("username", username, "password", password))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(Api.json())
                    .returnResult()
                    .getResponseBody();
            refreshToken = (String) login.get("refreshToken");
            connect(http, (String) login.get("accessToken"), house);

            // Someone who leaves before the restart: their token is shredded, and the restart must not try to open it.
            var leaver = new Api(http).newUser();
            connect(http, new Api(http).login(leaver).accessToken(), house);
            var admin = new Api(http);
            String changedPassword = "a changed administrator password";
            admin.post(
                            "/auth/password",
                            admin.login("admin", adminPassword).accessToken(),
                            Map.of("currentPassword", adminPassword, "newPassword", changedPassword))
                    .expectStatus()
                    .isNoContent();
            String adminToken = admin.login("admin", changedPassword).accessToken();
            http.delete()
                    .uri("/admin/users/" + leaver.userId())
                    .headers(h -> h.setBearerAuth(adminToken))
                    .exchange()
                    .expectStatus()
                    .is2xxSuccessful();
        }
        return refreshToken;
    }

    private static void secondStart(
            Path dataDir, StandaloneServer house, String username, String password, String refreshToken)
            throws IOException {
        try (var bridge = start(dataDir)) {
            var http = client(bridge);
            var refreshed = http.post()
                    .uri("/auth/refresh")
                    .bodyValue(Map.of("refreshToken", refreshToken))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(Api.json())
                    .returnResult()
                    .getResponseBody();
            http.get()
                    .uri("/auth/me")
                    .headers(h -> h.setBearerAuth((String) refreshed.get("accessToken")))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(Api.json())
                    .value(me -> assertThat(me).containsEntry("username", username));
            http.post()
                    .uri("/auth/login")
                    .bodyValue(Map.of("username", username, "password", password))
                    .exchange()
                    .expectStatus()
                    .isOk();
            assertThat(Files.list(dataDir.resolve("logs"))
                            .map(p -> p.getFileName().toString()))
                    .anyMatch(name -> name.matches("bridge-\\d{4}-\\d{2}-\\d{2}\\.log"));

            // The survivor's connection works again: its token was opened with the master key in the data directory.
            long calls = house.simulator().mcpRequests("tools/call");
            var mcp = new McpClient(http, (String) refreshed.get("accessToken")).initialize();
            assertThat(mcp.call("GetLiveContext", Map.of()).has("error")).isFalse();
            assertThat(house.simulator().mcpRequests("tools/call")).isEqualTo(calls + 1);
            try (var lines = Files.lines(dataDir.resolve("logs").resolve(todaysLog(dataDir)))) {
                assertThat(lines.filter(line -> line.contains("cannot be decrypted")))
                        .isEmpty();
            }
        }
    }

    private static void connect(WebTestClient http, String accessToken, StandaloneServer house) {
        http.post()
                .uri("/config/homeassistant")
                .headers(h -> h.setBearerAuth(accessToken))
                .bodyValue(Map.of("name", "home", "url", house.baseUri().toString(), "token", HOUSE_TOKEN))
                .exchange()
                .expectStatus()
                .isCreated();
    }

    private static Path todaysLog(Path dataDir) throws IOException {
        try (var files = Files.list(dataDir.resolve("logs"))) {
            return files.filter(p -> p.getFileName().toString().startsWith("bridge-"))
                    .max(Comparator.naturalOrder())
                    .orElseThrow()
                    .getFileName();
        }
    }

    private static ConfigurableApplicationContext start(Path dataDir) {
        return new SpringApplicationBuilder(BridgeApplication.class)
                .run(
                        "--server.port=0",
                        "--bridge.data-dir=" + dataDir,
                        "--bridge.auth.password-hash-iterations=100000");
    }

    private static WebTestClient client(ConfigurableApplicationContext bridge) {
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
}
