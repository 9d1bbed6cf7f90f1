package dev.hamcp.bridge.runtime.web;

import static dev.hamcp.bridge.runtime.support.Api.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/** Bad input gets a clear 4xx problem, writes nothing and leaks nothing. */
class BadInputTest extends BridgeIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    private long eventsBefore;

    @BeforeEach
    void countEvents() {
        eventsBefore = events();
    }

    @AfterEach
    void nothingWasWritten() {
        assertThat(events()).as("events written by bad requests").isEqualTo(eventsBefore);
    }

    @Test
    void malformedJsonIsABadRequest() {
        expectProblem(
                raw("/auth/register", "{\"username\": \"alice\",", MediaType.APPLICATION_JSON),
                400,
                "malformed-request");
        expectProblem(raw("/auth/login", "[1, 2, 3]", MediaType.APPLICATION_JSON), 400, "malformed-request");
        expectProblem(raw("/auth/login", "", MediaType.APPLICATION_JSON), 400, "malformed-request");
    }

    @Test
    void wrongTypesAreABadRequestNamingTheMember() {
        var body = expectProblem(
                raw("/auth/login", "{\"username\": [\"alice\"], \"password\": {\"a\": 1}}", MediaType.APPLICATION_JSON),
                400,
                "validation-failed");
        assertThat(body.get("errors").toString()).contains("username");
    }

    @Test
    void missingAndInvalidFieldsAreNamedWithoutEchoingValues() {
        var body = expectProblem(
                api.post("/auth/register", null, Map.of("username", "a!", "password", "secret-not-echoed")),
                400,
                "validation-failed");

        List<?> errors = (List<?>) body.get("errors");
        assertThat(errors.stream()
                        .map(error -> String.valueOf(((Map<?, ?>) error).get("field")))
                        .toList())
                .contains("username", "email");
        assertThat(body.toString()).doesNotContain("secret-not-echoed");
    }

    @Test
    void aBodyOverTheLimitIsRefusedWhetherItsLengthIsDeclaredOrNot() {
        String huge = "x".repeat(70 * 1024);
        expectProblem(
                raw("/auth/login", "{\"username\": \"" + huge + "\", \"password\": \"p\"}", MediaType.APPLICATION_JSON),
                413,
                "payload-too-large");

        var chunked = http.post()
                .uri("/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Flux.just("{\"username\": \"", huge, "\", \"password\": \"p\"}"), String.class)
                .exchange();
        expectProblem(chunked, 413, "payload-too-large");
    }

    @Test
    void anotherContentTypeIsUnsupported() {
        expectProblem(
                raw("/auth/login", "username=alice&password=x", MediaType.APPLICATION_FORM_URLENCODED),
                415,
                "unsupported-media-type");
    }

    @Test
    void unknownRoutesAndMethodsAnswerProblems() {
        expectProblem(api.get("/no/such/thing", null), 401, "unauthenticated");
        var session = api.login(api.newUser());
        eventsBefore = events();

        expectProblem(api.get("/no/such/thing", session.accessToken()), 404, "not-found");
        expectProblem(api.delete("/auth/me", session.accessToken()), 405, "method-not-allowed");
    }

    @Test
    void aBadOrForgedAccessTokenIsUnauthenticated() {
        for (String token : List.of("garbage", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "a.b.c")) {
            var response = api.get("/auth/me", token);
            response.expectHeader().value("WWW-Authenticate", value -> assertThat(value)
                    .startsWith("Bearer resource_metadata=\"http://127.0.0.1:")
                    .contains("/.well-known/oauth-protected-resource\"")
                    .endsWith(", error=\"invalid_token\""));
            expectProblem(response, 401, "unauthenticated");
        }
    }

    @Test
    void anOverlongAuditReasonIsRefused() {
        var admin = api.admin();
        var user = api.newUser();
        eventsBefore = events();

        var response = http.post()
                .uri("/admin/users/" + user.userId() + "/disable")
                .headers(h -> {
                    h.setBearerAuth(admin.accessToken());
                    h.set("X-Audit-Reason", "x".repeat(501));
                })
                .exchange();
        expectProblem(response, 400, "validation-failed");
    }

    private WebTestClient.ResponseSpec raw(String path, String body, MediaType type) {
        return http.post().uri(path).contentType(type).bodyValue(body).exchange();
    }

    private long events() {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
    }
}
