package dev.hamcp.bridge.runtime.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The bridge's REST API as a test drives it: plain HTTP, JSON maps, real status codes. */
public final class Api {

    public static final String ADMIN = "admin";
    public static final String ADMIN_INITIAL_PASSWORD = "Initial-Admin-Passw0rd";
    public static final String ADMIN_PASSWORD = "Changed-Admin-Passw0rd";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {};

    private final WebTestClient http;

    public Api(WebTestClient http) {
        this.http = http;
    }

    public record User(String userId, String username, String password) {}

    public record Session(String accessToken, String refreshToken, String sessionId, boolean passwordChangeRequired) {}

    /** Registers a user no other test knows. */
    public User newUser() {
        String username = "user" + System.nanoTime() % 1_000_000_000 + "-" + SEQUENCE.incrementAndGet();
        String password = "correct horse " + username;
        Map<String, Object> body = post(
                        "/auth/register",
                        null,
                        Map.of("username", username, "email", username + "@example.org", "password", password))
                .expectStatus()
                .isCreated()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
        return new User((String) body.get("userId"), username, password);
    }

    public Session login(String username, String password) {
        Map<String, Object> body = post("/auth/login", null, Map.of("username", username, "password", password))
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
        return session(body);
    }

    public Session login(User user) {
        return login(user.username(), user.password());
    }

    /**
     * An administrator's session, changing the first administrator's initial password the first
     * time it is needed. The changed password is tried first: failed sign-ins count against the
     * client's address, and every test but the first would otherwise spend one.
     */
    public synchronized Session admin() {
        var changed = post("/auth/login", null, Map.of("username", ADMIN, "password", ADMIN_PASSWORD))
                .returnResult(String.class);
        if (changed.getStatus() != HttpStatus.OK) {
            Session initial = login(ADMIN, ADMIN_INITIAL_PASSWORD);
            post(
                            "/auth/password",
                            initial.accessToken(),
                            Map.of("currentPassword", ADMIN_INITIAL_PASSWORD, "newPassword", ADMIN_PASSWORD))
                    .expectStatus()
                    .isNoContent();
        }
        return login(ADMIN, ADMIN_PASSWORD);
    }

    public static Session session(Map<String, Object> body) {
        assertThat(body).containsKeys("accessToken", "refreshToken", "sessionId");
        return new Session(
                (String) body.get("accessToken"),
                (String) body.get("refreshToken"),
                (String) body.get("sessionId"),
                Boolean.TRUE.equals(body.get("passwordChangeRequired")));
    }

    public WebTestClient.ResponseSpec post(String path, String accessToken, Object body) {
        var request = http.post().uri(path).contentType(MediaType.APPLICATION_JSON);
        if (accessToken != null) {
            request = request.headers(h -> h.setBearerAuth(accessToken));
        }
        return body == null ? request.exchange() : request.bodyValue(body).exchange();
    }

    public WebTestClient.ResponseSpec put(String path, String accessToken, Object body) {
        var request = http.put().uri(path).contentType(MediaType.APPLICATION_JSON);
        if (accessToken != null) {
            request = request.headers(h -> h.setBearerAuth(accessToken));
        }
        return body == null ? request.exchange() : request.bodyValue(body).exchange();
    }

    public WebTestClient.ResponseSpec get(String path, String accessToken) {
        return http.get()
                .uri(path)
                .headers(h -> {
                    if (accessToken != null) {
                        h.setBearerAuth(accessToken);
                    }
                })
                .exchange();
    }

    /** {@code GET path} expecting 200, its JSON body. */
    public Map<String, Object> read(String path, String accessToken) {
        return get(path, accessToken)
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
    }

    /** The {@code items} of a page of results. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> items(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("items");
    }

    public WebTestClient.ResponseSpec delete(String path, String accessToken) {
        return http.delete()
                .uri(path)
                .headers(h -> h.setBearerAuth(accessToken))
                .exchange();
    }

    /** Saves a Home Assistant connection ({@code POST /config/homeassistant}), expecting 201; its id. */
    public String addConnection(String accessToken, Map<String, Object> definition) {
        return (String) post("/config/homeassistant", accessToken, definition)
                .expectStatus()
                .isCreated()
                .expectBody(json())
                .returnResult()
                .getResponseBody()
                .get("id");
    }

    public static ParameterizedTypeReference<Map<String, Object>> json() {
        return JSON;
    }

    /** Asserts a problem response of the given status and type slug, and returns its body. */
    public static Map<String, Object> expectProblem(WebTestClient.ResponseSpec response, int status, String slug) {
        Map<String, Object> body = response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
        assertThat(body)
                .containsEntry("type", "/problems/" + slug)
                .containsEntry("status", status)
                .containsKeys("title", "detail");
        assertThat(body.toString()).doesNotContain("Exception").doesNotContain("\tat ");
        return body;
    }
}
