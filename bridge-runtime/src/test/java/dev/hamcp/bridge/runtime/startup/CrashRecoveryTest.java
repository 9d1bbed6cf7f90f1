package dev.hamcp.bridge.runtime.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hamcp.bridge.runtime.support.Api;
import dev.hamcp.bridge.runtime.support.BridgeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The embedded default killed as containers and the out-of-memory killer kill: nothing it answered
 * with success is lost, and it starts again at once.
 */
class CrashRecoveryTest {

    private static final int WRITERS = 8;
    private static final int MOST_COMMANDS = 600;
    private static final int ANSWERED_BEFORE_THE_CRASH = 80;

    private record Registered(String username, String password) {}

    private record Issued(String username, String token) {}

    @Test
    void everyAnsweredRegistrationAndTokenSurvivesKillingTheBridgeAndItsDatabaseTogether() throws Exception {
        Path dataDir = BridgeProcess.newDataDirectory("crash-data");
        var registered = new ConcurrentLinkedQueue<Registered>();
        var issued = new ConcurrentLinkedQueue<Issued>();
        try (var bridge = BridgeProcess.start(dataDir, Map.of())) {
            new Api(bridge.http()).admin();
            var running = new AtomicBoolean(true);
            var sequence = new AtomicInteger();
            var writers = new ArrayList<Thread>();
            for (int w = 0; w < WRITERS; w++) {
                writers.add(Thread.ofPlatform().start(() -> {
                    var http = bridge.http();
                    while (running.get() && sequence.get() < MOST_COMMANDS) {
                        try {
                            write(http, "crash" + sequence.incrementAndGet(), registered, issued);
                        } catch (Throwable gone) {
                            return; // the bridge was killed under this request: it was never answered
                        }
                    }
                }));
            }
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> registered.size() + issued.size() >= ANSWERED_BEFORE_THE_CRASH
                            || sequence.get() >= MOST_COMMANDS);
            bridge.killJvmAndDatabase();
            running.set(false);
            for (var writer : writers) {
                writer.join(Duration.ofSeconds(60));
            }
        }
        assertThat(registered.size() + issued.size()).isGreaterThanOrEqualTo(ANSWERED_BEFORE_THE_CRASH);

        try (var bridge = BridgeProcess.start(dataDir, Map.of())) {
            var http = bridge.http();
            var api = new Api(http);
            List<String> refused = new ArrayList<>();
            for (var user : registered) {
                if (status(http.post()
                                .uri("/auth/login")
                                .bodyValue(Map.of("username", user.username(), "password", user.password())))
                        != 200) {
                    refused.add("sign-in of " + user.username());
                }
            }
            for (var token : issued) {
                if (status(http.get().uri("/permissions/me").headers(h -> h.setBearerAuth(token.token()))) != 200) {
                    refused.add("token of " + token.username());
                }
            }
            assertThat(refused)
                    .as("answered with success before the crash, refused after it")
                    .isEmpty();

            String admin = api.admin().accessToken();
            var usernames = registered.stream().map(Registered::username).toList();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.get("/admin/users", admin)
                            .expectStatus()
                            .isOk()
                            .expectBody(String.class)
                            .returnResult()
                            .getResponseBody())
                    .as("the users read model")
                    .contains(usernames));
        }
    }

    /** Registers a user, then signs in and issues a token: each success recorded only once answered. */
    private static void write(
            WebTestClient http,
            String username,
            ConcurrentLinkedQueue<Registered> registered,
            ConcurrentLinkedQueue<Issued> issued) {
        String password = "correct horse " + username;
        var created = http.post()
                .uri("/auth/register")
                .bodyValue(Map.of("username", username, "email", username + "@example.org", "password", password))
                .exchange()
                .returnResult(String.class);
        if (created.getStatus() != HttpStatus.CREATED) {
            return;
        }
        registered.add(new Registered(username, password));
        var session = Api.session(http.post()
                .uri("/auth/login")
                .bodyValue(Map.of("username", username, "password", password))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody());
        var token = http.post()
                .uri("/api/tokens/generate")
                .headers(h -> h.setBearerAuth(session.accessToken()))
                .bodyValue(Map.of("name", "crash"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();
        issued.add(new Issued(username, (String) token.get("token")));
    }

    private static int status(WebTestClient.RequestHeadersSpec<?> request) {
        return request.exchange().returnResult(String.class).getStatus().value();
    }

    @Test
    void aBridgeKilledAloneStartsAgainWithItsData() {
        Path dataDir = BridgeProcess.newDataDirectory("killed-data");
        Api.User user;
        try (var first = BridgeProcess.start(dataDir, Map.of())) {
            user = new Api(first.http()).newUser();
            first.killJvm();
        }
        try (var second = BridgeProcess.start(dataDir, Map.of())) {
            var api = new Api(second.http());
            api.get("/auth/me", api.login(user).accessToken()).expectStatus().isOk();
            // Had its watchdog died with it, its PostgreSQL would still run: the next start stops that one.
            second.killJvmLeavingTheDatabaseRunning();
        }
        try (var third = BridgeProcess.start(dataDir, Map.of())) {
            var api = new Api(third.http());
            api.get("/auth/me", api.login(user).accessToken()).expectStatus().isOk();
        }
    }
}
