package dev.hamcp.bridge.runtime.homeassistant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.homeassistant.AddHaConnection;
import dev.hamcp.bridge.api.homeassistant.ChangeHaConnection;
import dev.hamcp.bridge.api.homeassistant.ConnectionTestResult;
import dev.hamcp.bridge.api.homeassistant.RecordHaConnectionTest;
import dev.hamcp.bridge.api.homeassistant.RemoveHaConnection;
import dev.hamcp.bridge.api.upstream.BearerToken;
import dev.hamcp.bridge.runtime.axon.Commands;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDirectory;
import dev.hamcp.bridge.runtime.mcp.ratelimit.RateLimitScope;
import dev.hamcp.bridge.runtime.mcp.ratelimit.RateLimiter;
import dev.hamcp.bridge.runtime.security.BridgePrincipal;
import dev.hamcp.bridge.runtime.security.Ownership;
import dev.hamcp.bridge.runtime.web.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A user's own Home Assistant connections. Tokens go in and never come out: answers show a
 * fingerprint. Someone else's connection answers 404 like one that does not exist; administrators
 * may read everyone's metadata, never change it. Every change answers once this node's directory
 * has applied it, so the next MCP request already goes where the user said.
 */
@RestController
@RequestMapping("/config/homeassistant")
class HaConnectionController {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * A new connection, or a whole new definition of one; {@code timeout} is ISO-8601 ({@code PT10S}),
     * 10 seconds when left out. On a change, the stored token stays when {@code token} is left out.
     */
    record Definition(
            @NotBlank @Size(max = 32) String name,
            @NotBlank @Size(max = 2048) String url,
            @Size(max = 8192) String token,
            Duration timeout,
            @JsonProperty("default") Boolean makeDefault,
            Boolean exposed) {}

    /** A connection as its owner (or an administrator) sees it: never the token. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ConnectionView(
            String id,
            String userId,
            String name,
            String url,
            Duration timeout,
            @JsonProperty("default") boolean isDefault,
            boolean exposed,
            boolean active,
            String tokenFingerprint,
            ConnectionTestResult lastTest,
            List<ConnectionTestResult> recentTests,
            List<String> warnings) {

        ConnectionView withWarnings(List<String> more) {
            return more.isEmpty()
                    ? this
                    : new ConnectionView(
                            id,
                            userId,
                            name,
                            url,
                            timeout,
                            isDefault,
                            exposed,
                            active,
                            tokenFingerprint,
                            lastTest,
                            recentTests,
                            more);
        }
    }

    /** A connection to test without saving it. */
    record Trial(
            @NotBlank @Size(max = 2048) String url,
            @NotBlank @Size(max = 8192) String token,
            Duration timeout) {}

    private final Commands commands;
    private final HaConnectionDirectory directory;
    private final DestinationPolicy destinations;
    private final ConnectionTester tester;
    private final RateLimiter limits;
    private final HaConnectionProperties properties;
    private final List<UpstreamDirectory> upstreams;

    HaConnectionController(
            Commands commands,
            HaConnectionDirectory directory,
            DestinationPolicy destinations,
            ConnectionTester tester,
            RateLimiter limits,
            HaConnectionProperties properties,
            List<UpstreamDirectory> upstreams) {
        this.commands = commands;
        this.directory = directory;
        this.destinations = destinations;
        this.tester = tester;
        this.limits = limits;
        this.properties = properties;
        this.upstreams = upstreams;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<ConnectionView> add(
            @Valid @RequestBody Definition body,
            @RequestHeader(name = Commands.REASON_HEADER, required = false) String reason,
            @AuthenticationPrincipal BridgePrincipal principal,
            ServerWebExchange exchange) {
        principal.assertMayManageCredentials();
        requireNoSharedUpstreamCalled(body.name(), principal);
        String id = UUID.randomUUID().toString();
        var command = new AddHaConnection(
                principal.userId(),
                id,
                body.name(),
                body.url(),
                body.token() == null ? null : new BearerToken(body.token()),
                timeoutOf(body),
                Boolean.TRUE.equals(body.makeDefault()),
                Boolean.TRUE.equals(body.exposed()));
        return destinationWarnings(body.url()).flatMap(warnings -> commands.send(command, principal, exchange, reason)
                .then(Mono.fromSupplier(() -> detail(id).withWarnings(warnings))));
    }

    @GetMapping
    Mono<List<ConnectionView>> list(
            @RequestParam(name = "all", defaultValue = "false") boolean all,
            @AuthenticationPrincipal BridgePrincipal principal) {
        var listed = Ownership.listedOwner(principal, all, "connections")
                .map(directory::connectionsOf)
                .orElseGet(directory::everyConnection);
        return Mono.just(listed.stream().map(this::summary).toList());
    }

    @GetMapping("/{id}")
    Mono<ConnectionView> get(@PathVariable String id, @AuthenticationPrincipal BridgePrincipal principal) {
        return Mono.fromSupplier(() -> detail(
                visible(id, principal, Ownership.Use.OWNER_OR_ADMINISTRATOR).id()));
    }

    @PutMapping("/{id}")
    Mono<ConnectionView> change(
            @PathVariable String id,
            @Valid @RequestBody Definition body,
            @RequestHeader(name = Commands.REASON_HEADER, required = false) String reason,
            @AuthenticationPrincipal BridgePrincipal principal,
            ServerWebExchange exchange) {
        principal.assertMayManageCredentials();
        var connection = visible(id, principal, Ownership.Use.OWNER);
        requireNoSharedUpstreamCalled(body.name(), principal);
        var command = new ChangeHaConnection(
                principal.userId(),
                connection.id(),
                body.name(),
                body.url(),
                body.token() == null ? null : new BearerToken(body.token()),
                timeoutOf(body),
                Boolean.TRUE.equals(body.makeDefault()),
                Boolean.TRUE.equals(body.exposed()));
        return destinationWarnings(body.url()).flatMap(warnings -> commands.send(command, principal, exchange, reason)
                .then(Mono.fromSupplier(() -> detail(id).withWarnings(warnings))));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> remove(
            @PathVariable String id,
            @RequestHeader(name = Commands.REASON_HEADER, required = false) String reason,
            @AuthenticationPrincipal BridgePrincipal principal,
            ServerWebExchange exchange) {
        principal.assertMayManageCredentials();
        var connection = visible(id, principal, Ownership.Use.OWNER);
        return commands.send(new RemoveHaConnection(principal.userId(), connection.id()), principal, exchange, reason)
                .then();
    }

    /** Tests a connection without saving anything; nothing is recorded. */
    @PostMapping("/test")
    Mono<ConnectionTestResult> testUnsaved(
            @Valid @RequestBody Trial body, @AuthenticationPrincipal BridgePrincipal principal) {
        principal.assertMayManageCredentials();
        Duration timeout = body.timeout() == null ? DEFAULT_TIMEOUT : body.timeout();
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new ApiException(ErrorCode.INVALID_HA_CONNECTION, "timeout must be between 1 and 60 seconds.");
        }
        spendATest(principal);
        return tester.test(body.url(), body.token(), timeout);
    }

    /** Tests a saved connection with its stored token, and records the result for its health history. */
    @PostMapping("/{id}/test")
    Mono<ConnectionTestResult> testSaved(
            @PathVariable String id, @AuthenticationPrincipal BridgePrincipal principal, ServerWebExchange exchange) {
        principal.assertMayManageCredentials();
        var connection = visible(id, principal, Ownership.Use.OWNER);
        if (connection.token() == null) {
            return Mono.error(new ApiException(
                    ErrorCode.CONFLICT, "The stored token of this connection cannot be read; save a new one."));
        }
        spendATest(principal);
        return tester.test(connection.url(), connection.token(), connection.timeout())
                .flatMap(result -> commands.send(
                                new RecordHaConnectionTest(principal.userId(), connection.id(), result),
                                principal,
                                exchange)
                        .thenReturn(result));
    }

    /**
     * Refuses a destination the bridge never connects to before anything is saved. A name that
     * does not resolve now is saved all the same (the house may be offline), with a warning.
     */
    private Mono<List<String>> destinationWarnings(String url) {
        HaUrl parsed = destinations.parse(url);
        return destinations
                .pin(parsed)
                .map(Destination::warnings)
                .onErrorResume(
                        UnknownHostException.class,
                        unresolved -> Mono.just(List.of(
                                "The host name does not resolve from the bridge now; calls fail until it does.")));
    }

    /**
     * A connection's name prefixes its tools beside the shared upstreams' tools, so it must not be
     * the name of a shared upstream the user can use: two tools would answer to one name.
     */
    private void requireNoSharedUpstreamCalled(String name, BridgePrincipal principal) {
        boolean taken = upstreams.stream()
                .filter(upstream -> upstream != directory)
                .flatMap(upstream -> upstream.upstreamsFor(principal.userId()).stream())
                .anyMatch(upstream -> upstream.label().equals(name));
        if (taken) {
            throw new ApiException(
                    ErrorCode.HA_CONNECTION_NAME_TAKEN,
                    "A shared upstream you use has this name, which prefixes its tools; choose another.");
        }
    }

    private void spendATest(BridgePrincipal principal) {
        var decision =
                limits.tryAcquire(RateLimitScope.CONNECTION_TEST, principal.userId(), properties.testsPerMinute());
        if (!decision.allowed()) {
            throw ApiException.rateLimited(
                    "At most " + properties.testsPerMinute() + " connection tests a minute; try again shortly.",
                    decision.retryAfterSeconds());
        }
    }

    private HaConnectionDirectory.Connection visible(String id, BridgePrincipal principal, Ownership.Use use) {
        return Ownership.reachable(
                directory.find(id),
                HaConnectionDirectory.Connection::userId,
                principal,
                use,
                HaConnectionController::notFound);
    }

    private ConnectionView detail(String id) {
        var connection = directory.find(id).orElseThrow(HaConnectionController::notFound);
        return view(connection, connection.recentTests());
    }

    private ConnectionView summary(HaConnectionDirectory.Connection connection) {
        return view(connection, null);
    }

    private ConnectionView view(HaConnectionDirectory.Connection connection, List<ConnectionTestResult> recentTests) {
        return new ConnectionView(
                connection.id(),
                connection.userId(),
                connection.name(),
                connection.url(),
                connection.timeout(),
                directory.isDefault(connection),
                connection.exposed(),
                directory.isActive(connection),
                connection.tokenFingerprint(),
                connection.lastTest().orElse(null),
                recentTests,
                null);
    }

    private static Duration timeoutOf(Definition body) {
        return body.timeout() == null ? DEFAULT_TIMEOUT : body.timeout();
    }

    private static ApiException notFound() {
        return new ApiException(ErrorCode.HA_CONNECTION_NOT_FOUND, "No such Home Assistant connection.");
    }
}
