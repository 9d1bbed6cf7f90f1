package dev.hamcp.bridge.runtime.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hamcp.bridge.runtime.BridgeApplication;
import dev.hamcp.bridge.runtime.support.Api;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The embedded default as a user meets it: nothing configured but a data directory. The first
 * start creates the administrator; users and sessions survive a stop and a start.
 */
class RestartTest {

    @Test
    void usersAndSessionsSurviveARestartOnTheSameDataDirectory() throws IOException {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "restart-data");
        String username = "survivor";
        String password = "a long enough password";
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
            refreshToken = (String) http.post()
                    .uri("/auth/login")
                    .bodyValue(Map.of("username", username, "password", password))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(Api.json())
                    .returnResult()
                    .getResponseBody()
                    .get("refreshToken");
        }

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
