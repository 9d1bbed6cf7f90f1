package dev.hamcp.bridge.runtime.admin;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.upstream.BearerToken;
import dev.hamcp.bridge.api.upstream.ChangeUpstream;
import dev.hamcp.bridge.api.upstream.FindUpstreams;
import dev.hamcp.bridge.api.upstream.RegisterUpstream;
import dev.hamcp.bridge.api.upstream.RemoveUpstream;
import dev.hamcp.bridge.api.upstream.UpstreamSummary;
import dev.hamcp.bridge.api.upstream.UpstreamTransport;
import dev.hamcp.bridge.runtime.axon.Commands;
import dev.hamcp.bridge.runtime.homeassistant.DestinationPolicy;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDirectory;
import dev.hamcp.bridge.runtime.mcp.registry.RegisteredUpstreamDirectory;
import dev.hamcp.bridge.runtime.security.BridgePrincipal;
import dev.hamcp.bridge.runtime.web.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.queryhandling.QueryGateway;
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
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Administration of shared upstreams; security lets only administrators in. Tokens go in and never
 * come out: answers show only a token's fingerprint. Every change answers once this node's registry
 * has applied it, so the next MCP request already sees it.
 */
@RestController
@RequestMapping("/admin/upstreams")
class UpstreamAdminController {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** A new upstream; {@code timeout} is ISO-8601 ({@code PT30S}), 30 seconds when left out. */
    record Registration(
            @NotNull @Pattern(regexp = "[a-z0-9-]{1,32}", message = "must be 1-32 of a-z, 0-9 and -")
            String name,

            @NotNull UpstreamTransport transport,
            @Size(max = 2048) String url,
            @Size(max = 1024) String command,
            @Size(max = 64) List<@NotNull @Size(max = 1024) String> args,
            @Size(max = 1000) Set<@NotNull @Size(max = 64) String> allowedUsers,
            Duration timeout,
            @Size(max = 8192) String token) {}

    /** A whole new definition; the stored token stays unless a new one is given or {@code removeToken} is set. */
    record Change(
            @NotNull UpstreamTransport transport,
            @Size(max = 2048) String url,
            @Size(max = 1024) String command,
            @Size(max = 64) List<@NotNull @Size(max = 1024) String> args,
            @Size(max = 1000) Set<@NotNull @Size(max = 64) String> allowedUsers,
            Duration timeout,
            @Size(max = 8192) String token,
            Boolean removeToken) {}

    private final Commands commands;
    private final QueryGateway queries;
    private final RegisteredUpstreamDirectory registry;
    private final List<UpstreamDirectory> directories;

    private final DestinationPolicy destinations;

    UpstreamAdminController(
            Commands commands,
            QueryGateway queries,
            RegisteredUpstreamDirectory registry,
            List<UpstreamDirectory> directories,
            DestinationPolicy destinations) {
        this.destinations = destinations;
        this.commands = commands;
        this.queries = queries;
        this.registry = registry;
        this.directories = directories;
    }

    @GetMapping
    Mono<List<UpstreamSummary>> upstreams() {
        return Mono.fromFuture(
                () -> queries.query(new FindUpstreams(), ResponseTypes.multipleInstancesOf(UpstreamSummary.class)));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<UpstreamSummary> register(
            @Valid @RequestBody Registration body,
            @RequestHeader(name = Commands.REASON_HEADER, required = false) String reason,
            @AuthenticationPrincipal BridgePrincipal admin,
            ServerWebExchange exchange) {
        if (isUsedElsewhere(body.name())) {
            return Mono.error(new ApiException(
                    ErrorCode.UPSTREAM_NAME_TAKEN, "The configuration already defines an upstream with this name."));
        }
        var command = new RegisterUpstream(
                body.name(),
                body.transport(),
                body.url(),
                body.command(),
                body.args(),
                body.allowedUsers(),
                timeoutOrDefault(body.timeout()),
                tokenOf(body.token()));
        return destinationAllowed(body.url())
                .then(send(command, reason, admin, exchange))
                .onErrorMap(
                        UpstreamAdminController::isConcurrentCreation,
                        e -> new ApiException(
                                ErrorCode.UPSTREAM_NAME_TAKEN, "An upstream with this name already exists."))
                .then(summaryOf(body.name()));
    }

    @PutMapping("/{name}")
    Mono<UpstreamSummary> change(
            @PathVariable String name,
            @Valid @RequestBody Change body,
            @RequestHeader(name = Commands.REASON_HEADER, required = false) String reason,
            @AuthenticationPrincipal BridgePrincipal admin,
            ServerWebExchange exchange) {
        var command = new ChangeUpstream(
                name,
                body.transport(),
                body.url(),
                body.command(),
                body.args(),
                body.allowedUsers(),
                timeoutOrDefault(body.timeout()),
                tokenOf(body.token()),
                Boolean.TRUE.equals(body.removeToken()));
        return destinationAllowed(body.url())
                .then(send(command, reason, admin, exchange))
                .then(summaryOf(name));
    }

    /**
     * A shared upstream is called on behalf of every user it is offered to: its host must not be,
     * nor resolve to, an address the bridge never connects to (the cloud metadata service, say).
     * A URL that is not one is left to the command's own checks.
     */
    private Mono<Void> destinationAllowed(String url) {
        if (url == null) {
            return Mono.empty();
        }
        String host;
        try {
            host = new URI(url.strip()).getHost();
        } catch (URISyntaxException e) {
            return Mono.empty();
        }
        // A name that does not resolve yet passes here; each session to it is checked again as it begins.
        return host == null ? Mono.empty() : destinations.checkShared(host);
    }

    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> remove(
            @PathVariable String name,
            @RequestHeader(name = Commands.REASON_HEADER, required = false) String reason,
            @AuthenticationPrincipal BridgePrincipal admin,
            ServerWebExchange exchange) {
        return send(new RemoveUpstream(name), reason, admin, exchange);
    }

    private Mono<Void> send(Object command, String reason, BridgePrincipal admin, ServerWebExchange exchange) {
        return commands.send(command, admin, exchange, reason).then();
    }

    // The local registry has applied the change by now: the command returns after its after-commit callback.
    private Mono<UpstreamSummary> summaryOf(String name) {
        return Mono.defer(() -> Mono.justOrEmpty(registry.summary(name)))
                .switchIfEmpty(Mono.error(() -> new ApiException(ErrorCode.UPSTREAM_NOT_FOUND, "No such upstream.")));
    }

    /** Names must be unique across every directory, or tool prefixes and sessions would mix two servers. */
    private boolean isUsedElsewhere(String name) {
        return directories.stream()
                .filter(directory -> directory != registry)
                .flatMap(directory -> directory.all().stream())
                .anyMatch(upstream -> upstream.name().equals(name));
    }

    private static Duration timeoutOrDefault(Duration timeout) {
        return timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    private static BearerToken tokenOf(String token) {
        return token == null ? null : new BearerToken(token);
    }

    // Two registrations of one name at the same moment collide on the event store's unique sequence.
    private static boolean isConcurrentCreation(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof AggregateStreamCreationException || t instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }
}
