package dev.hamcp.bridge.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.hamcp.bridge.runtime.support.Api;
import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ClientCodecConfigurer;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;

/**
 * Who may call what, over HTTP: every endpoint of the REST API and of the MCP edge, called as each
 * kind of caller, answers the status in its cell of {@link #MATRIX}. Each cell starts from its own
 * throwaway users, sessions, tokens and upstream, so a logout, revocation or deletion in one cell
 * never reaches another, and the installation's shared settings are put back after every cell.
 */
class AuthorizationMatrixTest extends BridgeIntegrationTest {

    /**
     * Columns: {@code anon} sends no credential; {@code user} is a plain user, "the first user", on
     * their own resources; {@code other} another plain user on the first user's resources;
     * {@code narrowed} the first user's API token narrowed to reading GetDateTime (it may not manage the account's credentials); {@code revoked} an
     * API token of the first user's, revoked; {@code admin} an administrator. In paths, {user} is the
     * first user, {session} and {token} another session and another API token of theirs, {upstream}
     * a throwaway upstream, {connection} a Home Assistant connection of the first user's (to the
     * built-in simulator) and {tool} a tool of the built-in simulator.
     */
    private static final String MATRIX = """
            method  path                                                      anon user other narrowed revoked admin
            POST    /auth/register                                             201  201   201      201     401   201
            POST    /auth/login                                                200  200   200      200     401   200
            POST    /auth/refresh                                              200  200   200      200     401   200
            POST    /auth/logout                                               401  204   204      400     401   204
            POST    /auth/password                                             401  204   204      403     401   204
            GET     /auth/me                                                   401  200   200      200     401   200
            GET     /auth/sessions                                             401  200   200      200     401   200
            DELETE  /auth/sessions/{session}                                   401  204   404      403     401   404
            GET     /admin/users                                               401  403   403      403     401   200
            POST    /admin/users/{user}/disable                                401  403   403      403     401   204
            POST    /admin/users/{user}/enable                                 401  403   403      403     401   204
            POST    /admin/users/{user}/role                                   401  403   403      403     401   204
            DELETE  /admin/users/{user}                                        401  403   403      403     401   204
            GET     /admin/upstreams                                           401  403   403      403     401   200
            POST    /admin/upstreams                                           401  403   403      403     401   201
            PUT     /admin/upstreams/{upstream}                                401  403   403      403     401   200
            DELETE  /admin/upstreams/{upstream}                                401  403   403      403     401   204
            GET     /admin/security/access/who-could?tool={tool}&limit=5       401  403   403      403     401   200
            GET     /admin/security/access/what-could?user={user}              401  403   403      403     401   200
            GET     /admin/security/access/changes?from=2026-01-01T00:00:00Z   401  403   403      403     401   200
            POST    /admin/security/access/what-if                             401  403   403      403     401   200
            GET     /admin/security/tokens/{token}/life                        401  403   403      403     401   200
            GET     /admin/security/audit                                      401  403   403      403     401   200
            GET     /admin/security/audit/export?format=csv&user={user}        401  403   403      403     401   200
            GET     /admin/security/stats                                      401  403   403      403     401   200
            GET     /admin/security/limits                                     401  403   403      403     401   200
            GET     /admin/metrics                                             401  403   403      403     401   200
            GET     /admin/metrics?window=day                                  401  403   403      403     401   200
            GET     /admin/metrics/stream?window=week                          401  403   403      403     401   400
            PUT     /admin/security/limits                                     401  403   403      403     401   200
            GET     /admin/system                                              401  403   403      403     401   200
            GET     /admin/stats                                               401  403   403      403     401   200
            POST    /admin/cleanup                                             401  403   403      403     401   200
            GET     /health                                                    200  200   200      200     401   200
            GET     /mcp/status                                                401  200   200      200     401   200
            POST    /mcp                                                       401  200   200      200     401   200
            GET     /.well-known/oauth-protected-resource                      200  200   200      200     401   200
            POST    /permissions/validate                                      401  200   200      200     401   200
            POST    /permissions/validate/bulk                                 401  200   200      200     401   200
            GET     /permissions/me                                            401  200   200      200     401   200
            GET     /permissions/user/{user}                                   401  403   403      403     401   200
            PUT     /permissions/user/{user}                                   401  403   403      403     401   200
            PUT     /permissions/user/{user}/bulk                              401  403   403      403     401   200
            DELETE  /permissions/user/{user}/tool/{tool}                       401  403   403      403     401   204
            GET     /permissions/defaults                                      401  403   403      403     401   200
            PUT     /permissions/defaults                                      401  403   403      403     401   200
            GET     /permissions/tools                                         401  403   403      403     401   200
            PUT     /permissions/tools/{tool}                                  401  403   403      403     401   200
            DELETE  /permissions/tools/{tool}                                  401  403   403      403     401   204
            POST    /api/tokens/generate                                       401  201   201      201     401   201
            GET     /api/tokens                                                401  200   200      200     401   200
            GET     /api/tokens?all=true                                       401  403   403      403     401   200
            DELETE  /api/tokens/{token}                                        401  204   404      403     401   204
            PUT     /api/tokens/{token}/permissions                            401  200   404      403     401   404
            GET     /api/tokens/{token}/usage                                  401  200   404      200     401   200
            POST    /config/homeassistant                                      401  201   201      403     401   201
            GET     /config/homeassistant                                      401  200   200      200     401   200
            GET     /config/homeassistant?all=true                             401  403   403      403     401   200
            GET     /config/homeassistant/{connection}                         401  200   404      200     401   200
            PUT     /config/homeassistant/{connection}                         401  200   404      403     401   404
            DELETE  /config/homeassistant/{connection}                         401  204   404      403     401   404
            POST    /config/homeassistant/{connection}/test                    401  200   404      403     401   404
            POST    /config/homeassistant/test                                 401  200   200      403     401   200
            POST    /admin/security/audit/checkpoints                          401  403   403      403     401   200
            GET     /admin/security/audit/checkpoints/latest                   401  403   403      403     401   200
            GET     /admin/security/audit/key                                  401  403   403      403     401   200
            GET     /admin/security/audit/proofs/inclusion?position=1          401  403   403      403     401   200
            GET     /admin/security/audit/proofs/consistency?from=1            401  403   403      403     401   200
            POST    /admin/security/audit/verify                               401  403   403      403     401   200
            POST    /admin/security/backup                                     401  403   403      403     401   200
            GET     /admin/maintenance/rebuild                                 401  403   403      403     401   200
            POST    /admin/maintenance/rebuild                                 401  403   403      403     401   202
            """;

    private static final String TOOL = "GetDateTime";
    private static final String SIMULATOR_TOKEN = "test-simulator-token";
    private static final List<Map<String, Object>> READ_THE_TOOL =
            List.of(Map.of("tool", TOOL, "levels", List.of("read")));
    private static final Map<String, Object> INITIALIZE = Map.of(
            "jsonrpc",
            "2.0",
            "id",
            1,
            "method",
            "initialize",
            "params",
            Map.of(
                    "protocolVersion",
                    "2025-11-25",
                    "capabilities",
                    Map.of(),
                    "clientInfo",
                    Map.of("name", "authorization-matrix", "version", "1")));

    /** What a call of the matrix sends besides its credential, and what it needs in place first; others send nothing. */
    private static final Map<String, Call> CALLS = Map.ofEntries(
            Map.entry("POST /auth/register", sends((world, caller) -> world.registration())),
            Map.entry("POST /auth/login", sends((world, caller) -> world.credentialsOfTheUser())),
            Map.entry(
                    "POST /auth/refresh",
                    sends((world, caller) -> Map.of("refreshToken", world.unspentRefreshTokenOfTheUser()))),
            Map.entry(
                    "POST /auth/password",
                    sends((world, caller) ->
                            Map.of("currentPassword", world.passwordOf(caller), "newPassword", world.newPassword()))),
            Map.entry("POST /admin/users/{user}/role", sends((world, caller) -> Map.of("role", "USER"))),
            Map.entry("POST /admin/upstreams", sends((world, caller) -> world.upstreamRegistration())),
            Map.entry("POST /admin/security/access/what-if", sends((world, caller) -> Map.of("days", 1))),
            Map.entry(
                    "PUT /admin/security/limits",
                    sends((world, caller) -> Map.of("requestsPerMinute", 100, "invalidTokensPerMinute", 10))),
            Map.entry(
                    "PUT /admin/upstreams/{upstream}",
                    sends((world, caller) -> world.upstreamChange()).given(World::registerTheUpstream)),
            Map.entry("DELETE /admin/upstreams/{upstream}", Call.NOTHING.given(World::registerTheUpstream)),
            Map.entry("GET /admin/security/audit/checkpoints/latest", Call.NOTHING.given(World::signACheckpoint)),
            Map.entry(
                    "GET /admin/security/audit/proofs/inclusion?position=1",
                    Call.NOTHING.given(World::signACheckpoint)),
            Map.entry(
                    "GET /admin/security/audit/proofs/consistency?from=1", Call.NOTHING.given(World::signACheckpoint)),
            Map.entry(
                    "POST /mcp",
                    sends((world, caller) -> INITIALIZE).header("Accept", "application/json, text/event-stream")),
            Map.entry("POST /permissions/validate", sends((world, caller) -> Map.of("tool", TOOL, "level", "read"))),
            Map.entry("POST /permissions/validate/bulk", sends((world, caller) -> Map.of("tools", List.of(TOOL)))),
            Map.entry("PUT /permissions/user/{user}", sends((world, caller) -> READ_THE_TOOL.getFirst())),
            Map.entry(
                    "PUT /permissions/user/{user}/bulk",
                    sends((world, caller) -> Map.of("grants", READ_THE_TOOL, "replace", false))),
            Map.entry("DELETE /permissions/user/{user}/tool/{tool}", Call.NOTHING.given(World::grantTheUserTheTool)),
            Map.entry("PUT /permissions/defaults", sends((world, caller) -> Map.of("grants", world.defaults()))),
            Map.entry("PUT /permissions/tools/{tool}", sends((world, caller) -> Map.of("level", world.toolLevel()))),
            Map.entry("DELETE /permissions/tools/{tool}", Call.NOTHING.given(World::overrideTheToolLevel)),
            Map.entry(
                    "POST /api/tokens/generate",
                    sends((world, caller) ->
                            Map.of("name", "matrix", "expiresInDays", 1, "permissions", READ_THE_TOOL))),
            Map.entry(
                    "PUT /api/tokens/{token}/permissions",
                    sends((world, caller) -> Map.of("permissions", READ_THE_TOOL))),
            Map.entry("POST /config/homeassistant", sends((world, caller) -> world.connection())),
            Map.entry("PUT /config/homeassistant/{connection}", sends((world, caller) -> world.connectionChange())),
            Map.entry("POST /config/homeassistant/test", sends((world, caller) -> world.trial())));

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    /** An administrator's cell starts a rebuild of the read models: the next test class finds them whole. */
    @AfterEach
    void awaitTheReadModelRebuild() {
        String admin = api.admin().accessToken();
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !"running"
                        .equals(api.read("/admin/maintenance/rebuild", admin).get("state")));
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointAnswersEachKindOfCallerWithTheStatusInItsCell() {
        var rows = rows();
        assertThat(rows.stream().map(Row::call).toList())
                .as("calls described beside the matrix")
                .containsAll(CALLS.keySet());
        return rows.stream().flatMap(row -> Arrays.stream(Caller.values())
                .map(caller -> dynamicTest(
                        row.call() + " " + caller.description + " → "
                                + row.expected().get(caller),
                        () -> check(row, caller))));
    }

    private void check(Row row, Caller caller) {
        var call = CALLS.getOrDefault(row.call(), Call.NOTHING);
        try (var world = new World()) {
            call.given().accept(world);
            String credential = world.credentialOf(caller);
            String path = world.expand(row.path());
            Object body = call.body().of(world, caller);
            String[] secrets = world.secrets.toArray(String[]::new);

            var answer = exchange(clientFor(caller), row.method(), path, credential, body, call.headers());

            assertThat(answer.status())
                    .as("%s %s %s answered %s", row.method(), path, caller.description, answer.body())
                    .isEqualTo(row.expected().get(caller));
            if (answer.status() == 401) {
                assertThat(answer.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE))
                        .as("the challenge of a 401")
                        .startsWith("Bearer ");
            }
            String text = answer.body() + answer.headers();
            if (secrets.length > 0) {
                assertThat(text).as("the answer").doesNotContain(secrets);
            }
            assertThat(text)
                    .as("the answer")
                    .doesNotContain("\tat ")
                    .doesNotContainPattern("\\b(java|jakarta|org|dev|reactor|io|tools)\\.[\\w.$]+(Exception|Error)\\b");
        }
    }

    /**
     * A revoked token is sent from an address of its own: an address that presents a few unknown or
     * revoked API tokens a minute has every token it presents refused for a while (429), and this
     * column is about revocation, not about that brake. It also leaves 127.0.0.1's budget to the
     * valid tokens of the other cells and test classes.
     */
    private WebTestClient clientFor(Caller caller) {
        if (caller != Caller.REVOKED_TOKEN) {
            return http.mutate().codecs(MATRIX_ANSWERS).build();
        }
        String address = "127.0.1." + (1 + ADDRESSES.getAndIncrement() % 250);
        var client = HttpClient.create().bindAddress(() -> new InetSocketAddress(address, 0));
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(client))
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .codecs(MATRIX_ANSWERS)
                .build();
    }

    /** A backup archive answers with the whole history the suite wrote so far: more than the default 256 KB. */
    private static final Consumer<ClientCodecConfigurer> MATRIX_ANSWERS =
            codecs -> codecs.defaultCodecs().maxInMemorySize(64 * 1024 * 1024);

    private static Answer exchange(
            WebTestClient client,
            HttpMethod method,
            String path,
            String credential,
            Object body,
            Map<String, String> headers) {
        var request = client.method(method).uri(path).headers(h -> {
            if (credential != null) {
                h.setBearerAuth(credential);
            }
            headers.forEach(h::set);
        });
        var response = body == null
                ? request.exchange()
                : request.contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body)
                        .exchange();
        var result = response.expectBody(String.class).returnResult();
        return new Answer(
                result.getStatus().value(),
                result.getResponseHeaders(),
                Objects.toString(result.getResponseBody(), ""));
    }

    /** The columns of the matrix. */
    enum Caller {
        ANONYMOUS("anon", "anonymously"),
        USER("user", "as a plain user"),
        OTHER_USER("other", "as another plain user on the first user's resources"),
        NARROWED_TOKEN("narrowed", "with the first user's narrowed API token"),
        REVOKED_TOKEN("revoked", "with a revoked API token"),
        ADMIN("admin", "as an administrator");

        private final String column;
        private final String description;

        Caller(String column, String description) {
            this.column = column;
            this.description = description;
        }
    }

    private record Row(HttpMethod method, String path, Map<Caller, Integer> expected) {

        String call() {
            return method.name() + " " + path;
        }
    }

    private static List<Row> rows() {
        var lines =
                MATRIX.lines().map(String::trim).filter(line -> !line.isEmpty()).toList();
        var header = List.of(lines.getFirst().split("\\s+"));
        assertThat(header.subList(0, 2)).containsExactly("method", "path");
        assertThat(header.subList(2, header.size()))
                .containsExactlyElementsOf(Arrays.stream(Caller.values())
                        .map(caller -> caller.column)
                        .toList());
        return lines.stream()
                .skip(1)
                .map(line -> {
                    var cells = line.split("\\s+");
                    assertThat(cells).as(line).hasSize(header.size());
                    var expected = new EnumMap<Caller, Integer>(Caller.class);
                    for (Caller caller : Caller.values()) {
                        expected.put(caller, Integer.valueOf(cells[2 + caller.ordinal()]));
                    }
                    return new Row(HttpMethod.valueOf(cells[0]), cells[1], expected);
                })
                .toList();
    }

    private record Answer(int status, HttpHeaders headers, String body) {}

    /** The body of a call, made from the cell's world and its caller. */
    @FunctionalInterface
    private interface Body {
        Object of(World world, Caller caller);
    }

    private record Call(Body body, Consumer<World> given, Map<String, String> headers) {

        static final Call NOTHING = new Call((world, caller) -> null, world -> {}, Map.of());

        Call given(Consumer<World> arrangement) {
            return new Call(body, arrangement, headers);
        }

        Call header(String name, String value) {
            var more = new HashMap<>(headers);
            more.put(name, value);
            return new Call(body, given, Map.copyOf(more));
        }
    }

    private static Call sends(Body body) {
        return new Call(body, world -> {}, Map.of());
    }

    /**
     * The users, sessions, tokens and upstream one cell uses, each made on first use. Every secret
     * made here is remembered, so the cell can check that no answer gives one back. Closing removes
     * the throwaway administrator and upstream and puts the shared permission settings back.
     */
    private final class World implements AutoCloseable {

        private final List<String> secrets = new ArrayList<>();
        private Api.User user;
        private Api.Session userSession;
        private Api.Session otherSession;
        private Api.User otherUser;
        private String spareSessionId;
        private String spareTokenId;
        private String narrowedToken;
        private String revokedToken;
        private Api.User adminUser;
        private Api.Session admin;
        private Api.Session firstAdmin;
        private String upstream;
        private String connectionId;
        private Map<String, Object> toolBefore;
        private List<Map<String, Object>> defaultsBefore;

        String credentialOf(Caller caller) {
            return switch (caller) {
                case ANONYMOUS -> null;
                case USER -> userSession().accessToken();
                case OTHER_USER -> otherSession().accessToken();
                case NARROWED_TOKEN -> narrowedToken();
                case REVOKED_TOKEN -> revokedToken();
                case ADMIN -> admin().accessToken();
            };
        }

        String passwordOf(Caller caller) {
            return switch (caller) {
                case ANONYMOUS -> "no password at all";
                case USER, NARROWED_TOKEN, REVOKED_TOKEN -> user().password();
                case OTHER_USER -> otherUser.password();
                case ADMIN -> adminUser.password();
            };
        }

        String expand(String path) {
            String expanded = path;
            if (expanded.contains("{user}")) {
                expanded = expanded.replace("{user}", user().userId());
            }
            if (expanded.contains("{session}")) {
                expanded = expanded.replace("{session}", spareSessionId());
            }
            if (expanded.contains("{token}")) {
                expanded = expanded.replace("{token}", spareTokenId());
            }
            if (expanded.contains("{connection}")) {
                expanded = expanded.replace("{connection}", connectionId());
            }
            if (expanded.contains("{upstream}")) {
                expanded = expanded.replace("{upstream}", upstream());
            }
            return expanded.replace("{tool}", TOOL);
        }

        Api.User user() {
            if (user == null) {
                user = remember(api.newUser());
            }
            return user;
        }

        Api.Session userSession() {
            if (userSession == null) {
                userSession = remember(api.login(user()));
            }
            return userSession;
        }

        Api.Session otherSession() {
            if (otherSession == null) {
                otherUser = remember(api.newUser());
                otherSession = remember(api.login(otherUser));
            }
            return otherSession;
        }

        /** An administrator of this cell's own, so that no cell logs out or re-passwords the first one. */
        Api.Session admin() {
            if (admin == null) {
                adminUser = remember(api.newUser());
                request(
                                HttpMethod.POST,
                                "/admin/users/" + adminUser.userId() + "/role",
                                firstAdmin(),
                                Map.of("role", "ADMIN"))
                        .expectStatus()
                        .isNoContent();
                admin = remember(api.login(adminUser));
            }
            return admin;
        }

        Api.Session firstAdmin() {
            if (firstAdmin == null) {
                firstAdmin = remember(api.admin());
            }
            return firstAdmin;
        }

        String spareSessionId() {
            if (spareSessionId == null) {
                spareSessionId = remember(api.login(user())).sessionId();
            }
            return spareSessionId;
        }

        String spareTokenId() {
            if (spareTokenId == null) {
                spareTokenId = (String) generate(null).get("id");
            }
            return spareTokenId;
        }

        String narrowedToken() {
            if (narrowedToken == null) {
                narrowedToken = (String) generate(READ_THE_TOOL).get("token");
            }
            return narrowedToken;
        }

        String revokedToken() {
            if (revokedToken == null) {
                var generated = generate(null);
                request(HttpMethod.DELETE, "/api/tokens/" + generated.get("id"), userSession(), null)
                        .expectStatus()
                        .isNoContent();
                revokedToken = (String) generated.get("token");
            }
            return revokedToken;
        }

        private Map<String, Object> generate(List<Map<String, Object>> permissions) {
            var body = new HashMap<String, Object>(Map.of("name", "matrix", "expiresInDays", 1));
            if (permissions != null) {
                body.put("permissions", permissions);
            }
            var generated = json(request(HttpMethod.POST, "/api/tokens/generate", userSession(), body)
                    .expectStatus()
                    .isCreated());
            secrets.add((String) generated.get("token"));
            return generated;
        }

        Map<String, Object> registration() {
            String username = "matrix" + System.nanoTime() % 1_000_000_000 + "-" + SEQUENCE.incrementAndGet();
            String password = remember("correct horse " + username);
            return Map.of("username", username, "email", username + "@example.org", "password", password);
        }

        Map<String, Object> credentialsOfTheUser() {
            return Map.of("username", user().username(), "password", user().password());
        }

        String unspentRefreshTokenOfTheUser() {
            return remember(api.login(user())).refreshToken();
        }

        String newPassword() {
            return remember("a brand new passphrase " + SEQUENCE.incrementAndGet());
        }

        String upstream() {
            if (upstream == null) {
                upstream = "matrix-" + System.nanoTime() % 1_000_000 + "-" + SEQUENCE.incrementAndGet();
            }
            return upstream;
        }

        // Offered to the first user only, so that no other test meets it while it exists.
        Map<String, Object> upstreamRegistration() {
            return Map.of(
                    "name",
                    upstream(),
                    "transport",
                    "STREAMABLE_HTTP",
                    "url",
                    simulatorUrl(),
                    "allowedUsers",
                    List.of(user().userId()),
                    "token",
                    remember(SIMULATOR_TOKEN));
        }

        Map<String, Object> upstreamChange() {
            return Map.of(
                    "transport",
                    "STREAMABLE_HTTP",
                    "url",
                    simulatorUrl(),
                    "allowedUsers",
                    List.of(user().userId()),
                    "timeout",
                    "PT20S");
        }

        /** A connection to the built-in simulator, under a name of its own so each caller can save one. */
        Map<String, Object> connection() {
            return Map.of(
                    "name",
                    "matrix-" + SEQUENCE.incrementAndGet(),
                    "url",
                    simulatorBaseUrl(),
                    "token",
                    remember(SIMULATOR_TOKEN));
        }

        /** A connection test before saving: the address and token only (a name is refused as unknown). */
        Map<String, Object> trial() {
            return Map.of("url", simulatorBaseUrl(), "token", remember(SIMULATOR_TOKEN));
        }

        Map<String, Object> connectionChange() {
            return Map.of("name", "matrix-changed", "url", simulatorBaseUrl(), "timeout", "PT20S");
        }

        String connectionId() {
            if (connectionId == null) {
                connectionId =
                        (String) json(request(HttpMethod.POST, "/config/homeassistant", userSession(), connection())
                                        .expectStatus()
                                        .isCreated())
                                .get("id");
            }
            return connectionId;
        }

        void registerTheUpstream() {
            request(HttpMethod.POST, "/admin/upstreams", firstAdmin(), upstreamRegistration())
                    .expectStatus()
                    .isCreated();
        }

        /** A checkpoint to ask about, once the chain holds its first entries (at most a poll interval after start). */
        void signACheckpoint() {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> request(HttpMethod.POST, "/admin/security/audit/checkpoints", firstAdmin(), null)
                            .returnResult(String.class)
                            .getStatus()
                            .is2xxSuccessful());
        }

        void grantTheUserTheTool() {
            request(HttpMethod.PUT, "/permissions/user/" + user().userId(), firstAdmin(), READ_THE_TOOL.getFirst())
                    .expectStatus()
                    .isOk();
        }

        /** The installation's default grants, as they are before this cell. */
        List<Map<String, Object>> defaults() {
            if (defaultsBefore == null) {
                defaultsBefore = currentDefaults();
            }
            return defaultsBefore;
        }

        /** The level the tool needs before this cell, so that overriding it with this level changes nothing. */
        Object toolLevel() {
            if (toolBefore == null) {
                toolBefore = currentTool();
            }
            return toolBefore.get("level");
        }

        void overrideTheToolLevel() {
            request(HttpMethod.PUT, "/permissions/tools/" + TOOL, firstAdmin(), Map.of("level", toolLevel()))
                    .expectStatus()
                    .isOk();
        }

        @Override
        public void close() {
            if (toolBefore != null && !sameLevel(currentTool(), toolBefore)) {
                var putBack = "override".equals(toolBefore.get("source"))
                        ? request(
                                HttpMethod.PUT,
                                "/permissions/tools/" + TOOL,
                                firstAdmin(),
                                Map.of("level", toolBefore.get("level")))
                        : request(HttpMethod.DELETE, "/permissions/tools/" + TOOL, firstAdmin(), null);
                putBack.expectStatus().is2xxSuccessful();
            }
            if (defaultsBefore != null && !currentDefaults().equals(defaultsBefore)) {
                request(HttpMethod.PUT, "/permissions/defaults", firstAdmin(), Map.of("grants", defaultsBefore))
                        .expectStatus()
                        .isOk();
            }
            if (upstream != null) {
                // Gone already when the cell removed it, or never made when the cell was refused.
                request(HttpMethod.DELETE, "/admin/upstreams/" + upstream, firstAdmin(), null)
                        .returnResult(String.class);
            }
            if (adminUser != null) {
                request(HttpMethod.DELETE, "/admin/users/" + adminUser.userId(), firstAdmin(), null)
                        .expectStatus()
                        .isNoContent();
            }
        }

        private Map<String, Object> currentTool() {
            return request(HttpMethod.GET, "/permissions/tools", firstAdmin(), null)
                    .expectStatus()
                    .isOk()
                    .expectBodyList(Api.json())
                    .returnResult()
                    .getResponseBody()
                    .stream()
                    .filter(entry -> TOOL.equals(entry.get("name")))
                    .findFirst()
                    .orElseThrow();
        }

        @SuppressWarnings("unchecked")
        private List<Map<String, Object>> currentDefaults() {
            return (List<Map<String, Object>>) json(request(HttpMethod.GET, "/permissions/defaults", firstAdmin(), null)
                            .expectStatus()
                            .isOk())
                    .get("grants");
        }

        private static boolean sameLevel(Map<String, Object> tool, Map<String, Object> before) {
            return Objects.equals(tool.get("level"), before.get("level"))
                    && Objects.equals(tool.get("source"), before.get("source"));
        }

        private String simulatorUrl() {
            return simulatorBaseUrl() + "/api/mcp";
        }

        private String simulatorBaseUrl() {
            return "http://127.0.0.1:" + port + "/simulator/ha";
        }

        private WebTestClient.ResponseSpec request(HttpMethod method, String path, Api.Session as, Object body) {
            var request = http.method(method).uri(path).headers(h -> h.setBearerAuth(as.accessToken()));
            return body == null
                    ? request.exchange()
                    : request.contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(body)
                            .exchange();
        }

        private static Map<String, Object> json(WebTestClient.ResponseSpec response) {
            return response.expectBody(Api.json()).returnResult().getResponseBody();
        }

        private Api.User remember(Api.User made) {
            secrets.add(made.password());
            return made;
        }

        private Api.Session remember(Api.Session made) {
            secrets.add(made.accessToken());
            secrets.add(made.refreshToken());
            return made;
        }

        private String remember(String secret) {
            secrets.add(secret);
            return secret;
        }
    }
}
