package dev.hamcp.bridge.runtime.web;

import static dev.hamcp.bridge.runtime.support.Api.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hamcp.bridge.runtime.support.Api;
import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every REST endpoint that takes a body reads it strictly: a member it does not know, a member of
 * the wrong type and a missing required member are each refused with a 400 problem naming the
 * member, and nothing is written. A misspelt restriction must never pass as no restriction.
 */
class StrictInputTest extends BridgeIntegrationTest {

    enum Caller {
        NOBODY,
        USER,
        ADMIN
    }

    /**
     * One endpoint: a body of the right shape, a member it requires (null when none is), and a
     * member with a value of the wrong type or out of its range.
     */
    record Endpoint(
            HttpMethod method,
            String path,
            Caller caller,
            Map<String, Object> body,
            String required,
            String wrongMember,
            Object wrongValue) {

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static Stream<Endpoint> endpoints() {
        var grant = Map.<String, Object>of("tool", "HassTurnOn", "levels", List.of("write"));
        return Stream.of(
                new Endpoint(
                        HttpMethod.POST,
                        "/auth/register",
                        Caller.NOBODY,
                        Map.of("username", "strict-newcomer", "email", "n@example.org", "password", "x"),
                        "email",
                        "username",
                        Map.of("first", "x")),
                new Endpoint(
                        HttpMethod.POST,
                        "/auth/login",
                        Caller.NOBODY,
                        Map.of("username", "nobody", "password", "x"),
                        "username",
                        "password",
                        List.of("x")),
                new Endpoint(
                        HttpMethod.POST,
                        "/auth/refresh",
                        Caller.NOBODY,
                        Map.of("refreshToken", "x"),
                        "refreshToken",
                        "refreshToken",
                        Map.of()),
                new Endpoint(
                        HttpMethod.POST,
                        "/auth/password",
                        Caller.USER,
                        Map.of("currentPassword", "x", "newPassword", "y"),
                        "newPassword",
                        "currentPassword",
                        List.of()),
                new Endpoint(
                        HttpMethod.POST,
                        "/admin/users/{user}/role",
                        Caller.ADMIN,
                        Map.of("role", "USER"),
                        "role",
                        "role",
                        "SUPERUSER"),
                new Endpoint(
                        HttpMethod.POST,
                        "/admin/upstreams",
                        Caller.ADMIN,
                        Map.of("name", "strict", "transport", "STREAMABLE_HTTP", "url", "http://127.0.0.1:9/mcp"),
                        "name",
                        "transport",
                        "CARRIER_PIGEON"),
                new Endpoint(
                        HttpMethod.PUT,
                        "/admin/upstreams/strict",
                        Caller.ADMIN,
                        Map.of("transport", "STREAMABLE_HTTP", "url", "http://127.0.0.1:9/mcp"),
                        "transport",
                        "allowedUsers",
                        "everyone"),
                new Endpoint(
                        HttpMethod.POST,
                        "/api/tokens/generate",
                        Caller.USER,
                        Map.of("name", "lm-studio"),
                        "name",
                        "requestsPerMinute",
                        "many"),
                new Endpoint(
                        HttpMethod.PUT,
                        "/api/tokens/no-such-token/permissions",
                        Caller.USER,
                        Map.of("permissions", List.of(grant)),
                        null,
                        "permissions",
                        "all"),
                new Endpoint(
                        HttpMethod.POST,
                        "/config/homeassistant",
                        Caller.USER,
                        Map.of("name", "home", "url", "http://127.0.0.1:9", "token", "t"),
                        "url",
                        "exposed",
                        "yes please"),
                new Endpoint(
                        HttpMethod.PUT,
                        "/config/homeassistant/no-such-connection",
                        Caller.USER,
                        Map.of("name", "home", "url", "http://127.0.0.1:9", "token", "t"),
                        "name",
                        "timeout",
                        Map.of("seconds", 5)),
                new Endpoint(
                        HttpMethod.POST,
                        "/config/homeassistant/test",
                        Caller.USER,
                        Map.of("url", "http://127.0.0.1:9", "token", "t"),
                        "token",
                        "url",
                        List.of("http://127.0.0.1:9")),
                new Endpoint(
                        HttpMethod.POST,
                        "/permissions/validate",
                        Caller.USER,
                        Map.of("tool", "HassTurnOn"),
                        "tool",
                        "level",
                        "root"),
                new Endpoint(
                        HttpMethod.POST,
                        "/permissions/validate/bulk",
                        Caller.USER,
                        Map.of("tools", List.of("HassTurnOn")),
                        "tools",
                        "tools",
                        Map.of("a", 1)),
                new Endpoint(
                        HttpMethod.PUT,
                        "/permissions/user/{user}",
                        Caller.ADMIN,
                        grant,
                        "levels",
                        "levels",
                        List.of("root")),
                new Endpoint(
                        HttpMethod.PUT,
                        "/permissions/user/{user}/bulk",
                        Caller.ADMIN,
                        Map.of("grants", List.of(grant)),
                        "grants",
                        "replace",
                        List.of(true)),
                new Endpoint(
                        HttpMethod.PUT,
                        "/permissions/defaults",
                        Caller.ADMIN,
                        Map.of("grants", List.of(grant)),
                        "grants",
                        "grants",
                        "all of them"),
                new Endpoint(
                        HttpMethod.PUT,
                        "/permissions/tools/HassTurnOn",
                        Caller.ADMIN,
                        Map.of("level", "write"),
                        "level",
                        "level",
                        "everything"));
    }

    @Autowired
    JdbcTemplate jdbc;

    private String userToken;
    private String adminToken;
    private String userId;

    @BeforeEach
    void callers() {
        Api.User user = api.newUser();
        userId = user.userId();
        userToken = api.login(user).accessToken();
        adminToken = api.admin().accessToken();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    @SuppressWarnings("unchecked")
    void anUnknownMemberIsRefusedAndNamed(Endpoint endpoint) {
        var body = new LinkedHashMap<>(endpoint.body());
        body.put("ipAllowList", List.of("10.0.0.0/8"));

        var problem = expectRefused(endpoint, body, "unknown-field");

        assertThat(problem).containsEntry("field", "ipAllowList");
        assertThat((List<Object>) problem.get("knownFields")).isNotEmpty().doesNotContain("ipAllowList");
        assertThat((String) problem.get("detail")).contains("ipAllowList");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void aMemberOfTheWrongTypeIsRefusedAndNamed(Endpoint endpoint) {
        var body = new LinkedHashMap<>(endpoint.body());
        body.put(endpoint.wrongMember(), endpoint.wrongValue());

        var problem = expectRefused(endpoint, body, "validation-failed");

        assertThat(fields(problem))
                .anyMatch(field ->
                        field.equals(endpoint.wrongMember()) || field.startsWith(endpoint.wrongMember() + "["));
        assertThat(problem.toString()).doesNotContain(String.valueOf(endpoint.wrongValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void aMissingRequiredMemberIsRefusedAndNamed(Endpoint endpoint) {
        if (endpoint.required() == null) {
            return; // every member of this body is optional
        }
        var body = new LinkedHashMap<>(endpoint.body());
        body.remove(endpoint.required());

        var problem = expectRefused(endpoint, body, "validation-failed");

        assertThat(fields(problem)).contains(endpoint.required());
    }

    @Test
    void anUnknownMemberInsideAListIsNamedWithItsPlace() {
        var problem = expectProblem(
                api.post(
                        "/api/tokens/generate",
                        userToken,
                        Map.of(
                                "name",
                                "nested",
                                "permissions",
                                List.of(Map.of("tool", "HassTurnOn", "levels", List.of("read"), "upstream", "x")))),
                400,
                "unknown-field");
        assertThat(problem).containsEntry("field", "permissions[0].upstream");
    }

    @Test
    void aMemberGivenTwiceOrTextAfterTheBodyIsRefused() {
        long before = events();
        expectProblem(
                raw(
                        "/api/tokens/generate",
                        "{\"name\":\"a\",\"allowedNetworks\":[\"10.0.0.0/8\"],\"allowedNetworks\":[]}"),
                400,
                "malformed-request");
        expectProblem(raw("/api/tokens/generate", "{\"name\":\"a\"} {\"name\":\"b\"}"), 400, "malformed-request");
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void aCorrectlySpeltRestrictionStillWorks() {
        var created = api.post(
                        "/api/tokens/generate",
                        userToken,
                        Map.of("name", "lm-studio", "allowedNetworks", List.of("10.0.0.0/8")))
                .expectStatus()
                .isCreated()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();
        assertThat(created.get("allowedNetworks")).isEqualTo(List.of("10.0.0.0/8"));
    }

    private Map<String, Object> expectRefused(Endpoint endpoint, Map<String, Object> body, String slug) {
        String token =
                switch (endpoint.caller()) {
                    case NOBODY -> null;
                    case USER -> userToken;
                    case ADMIN -> adminToken;
                };
        long before = events();
        var request = http.method(endpoint.method())
                .uri(endpoint.path().replace("{user}", userId))
                .contentType(MediaType.APPLICATION_JSON);
        if (token != null) {
            request = request.headers(h -> h.setBearerAuth(token));
        }
        var problem = expectProblem(request.bodyValue(body).exchange(), 400, slug);
        assertThat(events()).as("events written by a refused body").isEqualTo(before);
        return problem;
    }

    private WebTestClient.ResponseSpec raw(String path, String body) {
        return http.post()
                .uri(path)
                .headers(h -> h.setBearerAuth(userToken))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    private static List<String> fields(Map<String, Object> problem) {
        return ((List<?>) problem.get("errors"))
                .stream()
                        .map(error -> String.valueOf(((Map<?, ?>) error).get("field")))
                        .toList();
    }

    private long events() {
        Long count = jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
        return count == null ? 0 : count;
    }
}
