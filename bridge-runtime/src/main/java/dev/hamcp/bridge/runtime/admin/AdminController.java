package dev.hamcp.bridge.runtime.admin;

import dev.hamcp.bridge.api.user.ChangeUserRole;
import dev.hamcp.bridge.api.user.DeleteUser;
import dev.hamcp.bridge.api.user.DisableUser;
import dev.hamcp.bridge.api.user.EnableUser;
import dev.hamcp.bridge.api.user.FindUsers;
import dev.hamcp.bridge.api.user.Role;
import dev.hamcp.bridge.api.user.UserSummary;
import dev.hamcp.bridge.query.access.AccessView;
import dev.hamcp.bridge.query.token.ApiTokenAccess;
import dev.hamcp.bridge.query.token.TokenView;
import dev.hamcp.bridge.runtime.axon.Commands;
import dev.hamcp.bridge.runtime.homeassistant.HaConnectionDirectory;
import dev.hamcp.bridge.runtime.security.BridgePrincipal;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Administration of accounts; security lets only administrators in. Every change may say why in
 * an {@code X-Audit-Reason} header, which the audit history keeps with the event.
 */
@RestController
@RequestMapping("/admin/users")
class AdminController {

    record RoleChange(@NotNull Role role) {}

    /**
     * An account as administrators list it: the directory's row, with its role and standing as this
     * node's access view has them (so a change answered a moment ago shows at once, before the
     * directory catches up), and what it holds now.
     */
    record Account(
            String userId,
            String username,
            String email,
            Role role,
            boolean enabled,
            boolean mustChangePassword,
            Instant registeredAt,
            Instant lastLoginAt,
            Instant lockedUntil,
            int activeTokens,
            int connections) {}

    private final Commands commands;
    private final QueryGateway queries;
    private final AccessView access;
    private final TokenView tokens;
    private final HaConnectionDirectory connections;

    AdminController(
            Commands commands,
            QueryGateway queries,
            AccessView access,
            TokenView tokens,
            HaConnectionDirectory connections) {
        this.commands = commands;
        this.queries = queries;
        this.access = access;
        this.tokens = tokens;
        this.connections = connections;
    }

    @GetMapping
    Mono<List<Account>> users() {
        return Mono.fromFuture(
                        () -> queries.query(new FindUsers(), ResponseTypes.multipleInstancesOf(UserSummary.class)))
                .map(users -> {
                    Instant now = tokens.now();
                    return users.stream()
                            // A user deleted a moment ago is gone from the view before the directory.
                            .flatMap(user -> access.user(user.userId()).stream()
                                    .map(current -> new Account(
                                            user.userId(),
                                            user.username(),
                                            user.email(),
                                            current.role(),
                                            current.enabled(),
                                            current.mustChangePassword(),
                                            user.registeredAt(),
                                            user.lastLoginAt(),
                                            user.lockedUntil(),
                                            (int) tokens.tokensOf(user.userId()).stream()
                                                    .filter(token -> token.status(now) == ApiTokenAccess.Status.ACTIVE)
                                                    .count(),
                                            connections
                                                    .connectionsOf(user.userId())
                                                    .size())))
                            .toList();
                });
    }

    @PostMapping("/{userId}/disable")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> disable(
            @PathVariable String userId,
            @RequestHeader(name = Commands.REASON_HEADER, required = false) String reason,
            @AuthenticationPrincipal BridgePrincipal admin,
            ServerWebExchange exchange) {
        return send(new DisableUser(userId), reason, admin, exchange);
    }

    @PostMapping("/{userId}/enable")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> enable(
            @PathVariable String userId,
            @RequestHeader(name = Commands.REASON_HEADER, required = false) String reason,
            @AuthenticationPrincipal BridgePrincipal admin,
            ServerWebExchange exchange) {
        return send(new EnableUser(userId), reason, admin, exchange);
    }

    @PostMapping("/{userId}/role")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> role(
            @PathVariable String userId,
            @Valid @RequestBody RoleChange body,
            @RequestHeader(name = Commands.REASON_HEADER, required = false) String reason,
            @AuthenticationPrincipal BridgePrincipal admin,
            ServerWebExchange exchange) {
        return send(new ChangeUserRole(userId, body.role()), reason, admin, exchange);
    }

    @DeleteMapping("/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(
            @PathVariable String userId,
            @RequestHeader(name = Commands.REASON_HEADER, required = false) String reason,
            @AuthenticationPrincipal BridgePrincipal admin,
            ServerWebExchange exchange) {
        return send(new DeleteUser(userId), reason, admin, exchange);
    }

    private Mono<Void> send(Object command, String reason, BridgePrincipal admin, ServerWebExchange exchange) {
        return commands.send(command, admin, exchange, reason).then();
    }
}
