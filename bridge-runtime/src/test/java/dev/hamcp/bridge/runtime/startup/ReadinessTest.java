package dev.hamcp.bridge.runtime.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hamcp.bridge.runtime.BridgeApplication;
import dev.hamcp.bridge.runtime.support.Api;
import dev.hamcp.bridge.runtime.support.BridgeProcess;
import dev.hamcp.bridge.runtime.support.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Ready means ready: a fresh bridge answers nothing but {@code 503} with {@code Retry-After}
 * until it can serve every request, and a sign-in made the instant it says UP works, for good.
 */
class ReadinessTest {

    private static final int FRESH_STARTS = 4;
    private static final String LOGIN =
            "{\"username\":\"" + Api.ADMIN + "\",\"password\":\"" + Api.ADMIN_INITIAL_PASSWORD + "\"}";

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void aSignInTheInstantAFreshBridgeIsReadyIssuesATokenItAccepts() throws Exception {
        List<HttpResponse<String>> answeredWhileStarting = new ArrayList<>();
        for (int start = 0; start < FRESH_STARTS; start++) {
            List<HttpResponse<String>> beforeReady = new ArrayList<>();
            var database = TestDatabase.fresh();
            int port = BridgeProcess.freePort();
            var bridge = CompletableFuture.supplyAsync(() -> start(database, port));
            try {
                // Each poll signs in too, so that some sign-ins arrive while the bridge is starting.
                await().atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(5))
                        .failFast("the bridge did not start", bridge::isCompletedExceptionally)
                        .until(() -> {
                            post(port, "/auth/login", LOGIN).ifPresent(beforeReady::add);
                            return get(port, "/health", null)
                                    .map(r -> r.statusCode() == 200)
                                    .orElse(false);
                        });
                var login = post(port, "/auth/login", LOGIN).orElseThrow();
                assertThat(login.statusCode())
                        .as("sign-in the instant /health said UP")
                        .isEqualTo(200);
                for (int use = 0; use < 20; use++) {
                    assertTokenWorks(port, login);
                }
                // A sign-in sent just before /health said UP may have been answered just after.
                for (var early : beforeReady) {
                    if (early.statusCode() == 200) {
                        assertTokenWorks(port, early);
                    }
                }
                answeredWhileStarting.addAll(beforeReady);
            } finally {
                bridge.join().close();
            }
        }
        assertThat(answeredWhileStarting)
                .as("sign-ins answered while starting")
                .anyMatch(early -> early.statusCode() == 503);
        assertThat(answeredWhileStarting.stream().filter(early -> early.statusCode() != 200))
                .allSatisfy(early -> {
                    assertThat(early.statusCode()).isEqualTo(503);
                    assertThat(early.headers().firstValue("Retry-After")).hasValue("1");
                    assertThat(early.body()).contains("/problems/starting");
                });
    }

    private void assertTokenWorks(int port, HttpResponse<String> login) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> body = new ObjectMapper().readValue(login.body(), Map.class);
        String token = Api.session(body).accessToken();
        assertThat(get(port, "/auth/me", token).orElseThrow().statusCode())
                .as("the token of a sign-in answered 200")
                .isEqualTo(200);
    }

    private static ConfigurableApplicationContext start(TestDatabase.Coordinates db, int port) {
        return new SpringApplicationBuilder(BridgeApplication.class)
                .run(
                        "--server.port=" + port,
                        "--bridge.data-dir=" + BridgeProcess.newDataDirectory("ready-data"),
                        "--bridge.db.url=" + db.url(),
                        "--bridge.db.user=" + db.user(),
                        "--bridge.db.password=" + db.password(),
                        "--bridge.admin.password=" + Api.ADMIN_INITIAL_PASSWORD,
                        "--bridge.auth.password-hash-iterations=100000");
    }

    private Optional<HttpResponse<String>> get(int port, String path, String token) throws InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.GET().build());
    }

    private Optional<HttpResponse<String>> post(int port, String path, String json) throws InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    /** The answer, or none while nothing listens on the port yet. */
    private Optional<HttpResponse<String>> send(HttpRequest request) throws InterruptedException {
        try {
            return Optional.of(client.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException notListeningYet) {
            return Optional.empty();
        }
    }
}
