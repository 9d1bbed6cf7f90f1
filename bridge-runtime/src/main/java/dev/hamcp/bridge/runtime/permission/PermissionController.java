package dev.hamcp.bridge.runtime.permission;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.permission.ChangeDefaultPolicy;
import dev.hamcp.bridge.api.permission.ClearToolLevelOverride;
import dev.hamcp.bridge.api.permission.Grant;
import dev.hamcp.bridge.api.permission.OverrideToolLevel;
import dev.hamcp.bridge.api.permission.RevokePermission;
import dev.hamcp.bridge.api.permission.SetPermission;
import dev.hamcp.bridge.api.permission.SetPermissionsInBulk;
import dev.hamcp.bridge.api.permission.ToolLevel;
import dev.hamcp.bridge.api.user.Role;
import dev.hamcp.bridge.query.access.AccessView;
import dev.hamcp.bridge.query.access.UserAccess;
import dev.hamcp.bridge.query.permission.Decision;
import dev.hamcp.bridge.query.permission.PermissionView;
import dev.hamcp.bridge.query.token.TokenView;
import dev.hamcp.bridge.runtime.axon.Commands;
import dev.hamcp.bridge.runtime.mcp.gateway.Caller;
import dev.hamcp.bridge.runtime.mcp.gateway.Priority;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamStatus;
import dev.hamcp.bridge.runtime.mcp.gateway.Upstreams;
import dev.hamcp.bridge.runtime.security.BridgePrincipal;
import dev.hamcp.bridge.runtime.web.ApiException;
import dev.hamcp.bridge.runtime.web.RequestContext;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
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
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Who may use which tool. Everyone may ask about themselves; security lets only administrators
 * reach the grants of others, the default policy and the tool levels. Every change is a command,
 * and the answer shows the state after this node's view has applied it.
 */
@RestController
@RequestMapping("/permissions")
class PermissionController {

    static final int MOST_VALIDATED = 100;

    record BulkRequest(@NotNull @Size(max = 500) List<@Valid @NotNull GrantRequest> grants, Boolean replace) {}

    record DefaultsRequest(@NotNull @Size(max = 500) List<@Valid @NotNull GrantRequest> grants) {}

    record LevelRequest(@NotNull ToolLevel level) {}

    record ValidateRequest(@NotBlank String tool, ToolLevel level) {}

    record BulkValidateRequest(
            @NotEmpty @Size(max = MOST_VALIDATED) List<@NotBlank String> tools) {}

    /** One tool as one caller stands with it. */
    /** @param upstreamLabel what the caller calls the upstream: their own name for a Home Assistant connection */
    record ToolRight(
            String tool,
            String upstream,
            String upstreamLabel,
            ToolLevel requiredLevel,
            Set<ToolLevel> grantedLevels,
            boolean allowed) {

        static ToolRight of(String tool, String upstream, String upstreamLabel, Decision decision) {
            return new ToolRight(
                    tool, upstream, upstreamLabel, decision.required(), decision.granted(), decision.allowed());
        }
    }

    record TokenNarrowing(String tokenId, List<Grant> permissions) {}

    record UserPermissions(
            String userId,
            String username,
            Role role,
            List<Grant> grants,
            List<Grant> defaults,
            TokenNarrowing token,
            List<ToolRight> tools) {}

    record Defaults(List<Grant> grants) {}

    record BulkValidation(List<ToolRight> results) {}

    private final Commands commands;
    private final AccessView users;
    private final TokenView tokens;
    private final PermissionView permissions;
    private final ToolAuthority authority;
    private final ToolCatalog catalog;
    private final Upstreams upstreams;

    PermissionController(
            Commands commands,
            AccessView users,
            TokenView tokens,
            PermissionView permissions,
            ToolAuthority authority,
            ToolCatalog catalog,
            Upstreams upstreams) {
        this.commands = commands;
        this.users = users;
        this.tokens = tokens;
        this.permissions = permissions;
        this.authority = authority;
        this.catalog = catalog;
        this.upstreams = upstreams;
    }

    @GetMapping("/me")
    Mono<UserPermissions> me(@AuthenticationPrincipal BridgePrincipal principal) {
        return permissionsOf(userOrNotFound(principal.userId()), principal.tokenId());
    }

    @PostMapping("/validate")
    Mono<ToolRight> validate(
            @Valid @RequestBody ValidateRequest body,
            @AuthenticationPrincipal BridgePrincipal principal,
            ServerWebExchange exchange) {
        return validate(body.tool(), body.level(), principal, exchange);
    }

    @PostMapping("/validate/bulk")
    Mono<BulkValidation> validateBulk(
            @Valid @RequestBody BulkValidateRequest body,
            @AuthenticationPrincipal BridgePrincipal principal,
            ServerWebExchange exchange) {
        return Flux.fromIterable(body.tools())
                .concatMap(tool -> validate(tool, null, principal, exchange))
                .collectList()
                .map(BulkValidation::new);
    }

    @GetMapping("/user/{userId}")
    Mono<UserPermissions> user(@PathVariable String userId) {
        return permissionsOf(userOrNotFound(userId), null);
    }

    @PutMapping("/user/{userId}")
    Mono<UserPermissions> grant(
            @PathVariable String userId,
            @Valid @RequestBody GrantRequest body,
            @RequestHeader(name = Commands.REASON_HEADER, required = false) String reason,
            @AuthenticationPrincipal BridgePrincipal admin,
            ServerWebExchange exchange) {
        var user = userOrNotFound(userId);
        return catalog.requireKnown(List.of(body.grant()))
                .flatMap(grants -> commands.send(new SetPermission(userId, grants.getFirst()), admin, exchange, reason))
                .then(Mono.defer(() -> permissionsOf(user, null)));
    }

    @PutMapping("/user/{userId}/bulk")
    Mono<UserPermissions> grantInBulk(
            @PathVariable String userId,
            @Valid @RequestBody BulkRequest body,
            @RequestHeader(name = Commands.REASON_HEADER, required = false) String reason,
            @AuthenticationPrincipal BridgePrincipal admin,
            ServerWebExchange exchange) {
        var user = userOrNotFound(userId);
        var grants = body.grants().stream().map(GrantRequest::grant).toList();
        return catalog.requireKnown(grants)
                .flatMap(known -> commands.send(
                        new SetPermissionsInBulk(userId, known, Boolean.TRUE.equals(body.replace())),
                        admin,
                        exchange,
                        reason))
                .then(Mono.defer(() -> permissionsOf(user, null)));
    }

    @DeleteMapping("/user/{userId}/tool/{tool}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> revoke(
            @PathVariable String userId,
            @PathVariable String tool,
            @RequestHeader(name = Commands.REASON_HEADER, required = false) String reason,
            @AuthenticationPrincipal BridgePrincipal admin,
            ServerWebExchange exchange) {
        userOrNotFound(userId);
        return commands.send(new RevokePermission(userId, tool), admin, exchange, reason)
                .then();
    }

    @GetMapping("/defaults")
    Defaults defaults() {
        return new Defaults(permissions.defaults());
    }

    @PutMapping("/defaults")
    Mono<Defaults> changeDefaults(
            @Valid @RequestBody DefaultsRequest body,
            @RequestHeader(name = Commands.REASON_HEADER, required = false) String reason,
            @AuthenticationPrincipal BridgePrincipal admin,
            ServerWebExchange exchange) {
        var grants = body.grants().stream().map(GrantRequest::grant).toList();
        return catalog.requireKnown(grants)
                .flatMap(known -> commands.send(new ChangeDefaultPolicy(known), admin, exchange, reason))
                .then(Mono.fromSupplier(this::defaults));
    }

    @GetMapping("/tools")
    Mono<List<ToolCatalog.Entry>> tools() {
        return catalog.entries();
    }

    @PutMapping("/tools/{tool}")
    Mono<List<ToolCatalog.Entry>> overrideLevel(
            @PathVariable String tool,
            @Valid @RequestBody LevelRequest body,
            @RequestHeader(name = Commands.REASON_HEADER, required = false) String reason,
            @AuthenticationPrincipal BridgePrincipal admin,
            ServerWebExchange exchange) {
        return catalog.requireKnownName(tool)
                .flatMap(name -> commands.send(new OverrideToolLevel(name, body.level()), admin, exchange, reason))
                .then(Mono.defer(catalog::entries));
    }

    @DeleteMapping("/tools/{tool}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> clearLevel(
            @PathVariable String tool,
            @RequestHeader(name = Commands.REASON_HEADER, required = false) String reason,
            @AuthenticationPrincipal BridgePrincipal admin,
            ServerWebExchange exchange) {
        return commands.send(new ClearToolLevelOverride(tool), admin, exchange, reason)
                .then();
    }

    private Mono<ToolRight> validate(
            String tool, ToolLevel level, BridgePrincipal principal, ServerWebExchange exchange) {
        var caller = callerOf(principal, RequestContext.of(exchange).clientIp());
        return catalog.find(caller, tool)
                .map(found -> found.orElseThrow(() -> new ApiException(
                        ErrorCode.UNKNOWN_TOOL,
                        "You can reach no tool named " + tool + ", and the catalog knows none.")))
                .map(found -> {
                    Decision decision = authority.decide(principal.userId(), principal.tokenId(), found);
                    if (level != null) {
                        decision = new Decision(decision.granted().contains(level), level, decision.granted());
                    }
                    return ToolRight.of(tool, found.upstream(), labelOf(caller, found.upstream()), decision);
                });
    }

    private Mono<UserPermissions> permissionsOf(UserAccess user, String tokenId) {
        var caller = callerOf(user, tokenId);
        var labels = upstreams.status(caller).stream()
                .collect(Collectors.toMap(UpstreamStatus::name, UpstreamStatus::label, (a, b) -> a));
        return upstreams
                .tools(caller)
                .map(reachable -> new UserPermissions(
                        user.userId(),
                        user.username(),
                        user.role(),
                        permissions.grantsOf(user.userId()),
                        permissions.defaults(),
                        tokenId == null
                                ? null
                                : tokens.token(tokenId)
                                        .map(token -> new TokenNarrowing(token.tokenId(), token.permissions()))
                                        .orElse(null),
                        reachable.stream()
                                .map(tool -> ToolRight.of(
                                        tool.exposedName(),
                                        tool.upstream(),
                                        labels.getOrDefault(tool.upstream(), tool.upstream()),
                                        authority.decide(user.userId(), tokenId, tool)))
                                .toList()));
    }

    /** What {@code caller} calls an upstream (for a Home Assistant connection, its name, not its id). */
    private String labelOf(Caller caller, String upstream) {
        return upstreams.status(caller).stream()
                .filter(status -> status.name().equals(upstream))
                .map(UpstreamStatus::label)
                .findFirst()
                .orElse(upstream);
    }

    private UserAccess userOrNotFound(String userId) {
        return users.user(userId)
                .orElseThrow(() -> new ApiException(ErrorCode.USER_NOT_FOUND, "No user with this id."));
    }

    private static Caller callerOf(UserAccess user, String tokenId) {
        return new Caller(
                user.userId(), user.username(), user.role(), tokenId, tokenId, "internal", Priority.BACKGROUND);
    }

    private static Caller callerOf(BridgePrincipal principal, String clientIp) {
        return new Caller(
                principal.userId(),
                principal.username(),
                principal.role(),
                principal.credentialId(),
                principal.tokenId(),
                clientIp,
                Priority.INTERACTIVE);
    }
}
