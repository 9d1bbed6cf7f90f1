package dev.hamcp.bridge.runtime.token;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.permission.Grant;
import dev.hamcp.bridge.api.permission.ToolLevel;
import dev.hamcp.bridge.api.token.ChangeApiTokenPermissions;
import dev.hamcp.bridge.api.token.IssueApiToken;
import dev.hamcp.bridge.api.token.Network;
import dev.hamcp.bridge.api.token.RevokeApiToken;
import dev.hamcp.bridge.query.token.ApiTokenAccess;
import dev.hamcp.bridge.query.token.TokenView;
import dev.hamcp.bridge.runtime.axon.Commands;
import dev.hamcp.bridge.runtime.permission.ToolCatalog;
import dev.hamcp.bridge.runtime.security.BridgePrincipal;
import dev.hamcp.bridge.runtime.security.Ownership;
import dev.hamcp.bridge.runtime.web.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Personal API tokens: create (the token is shown once), list, narrow, revoke, and see how each was
 * used. Someone else's token answers 404 like one that does not exist, so ids cannot be probed;
 * administrators may list and revoke anyone's.
 */
@RestController
@RequestMapping("/api/tokens")
class TokenController {

    static final int MOST_ACTIVE_TOKENS = 50;

    record Permission(@NotBlank String tool, @NotNull Set<ToolLevel> levels) {

        Grant grant() {
            return new Grant(tool, levels, true);
        }
    }

    record GenerateRequest(
            @NotBlank @Size(max = 64) String name,
            Instant expiresAt,
            @Min(1) Integer expiresInDays,
            @Size(max = 100) List<@Valid @NotNull Permission> permissions,
            @Size(max = 32) List<@NotBlank String> allowedNetworks,
            @Min(1) @Max(100_000) Integer requestsPerMinute) {}

    record PermissionsRequest(@Size(max = 100) List<@Valid @NotNull Permission> permissions) {}

    record Generated(
            String id,
            String name,
            String token,
            String prefix,
            Instant createdAt,
            Instant expiresAt,
            List<Grant> permissions,
            List<String> allowedNetworks,
            Integer requestsPerMinute,
            String notice) {}

    record TokenSummary(
            String id,
            String userId,
            String name,
            String prefix,
            ApiTokenAccess.Status status,
            Instant createdAt,
            Instant expiresAt,
            Instant revokedAt,
            Instant lastUsedAt,
            String lastIp,
            long uses,
            List<Grant> permissions,
            List<String> allowedNetworks,
            Integer requestsPerMinute) {}

    record Usage(
            String tokenId,
            Instant since,
            Instant lastUsedAt,
            String lastIp,
            long requests,
            long calls,
            long denials,
            List<TokenUsageQueries.Day> perDay,
            List<TokenUsageQueries.Tool> perTool) {}

    private final Commands commands;
    private final TokenView tokens;
    private final TokenMint mint;
    private final TokenUsageQueries usage;
    private final ToolCatalog catalog;
    private final TokenProperties properties;

    TokenController(
            Commands commands,
            TokenView tokens,
            TokenMint mint,
            TokenUsageQueries usage,
            ToolCatalog catalog,
            TokenProperties properties) {
        this.commands = commands;
        this.tokens = tokens;
        this.mint = mint;
        this.usage = usage;
        this.catalog = catalog;
        this.properties = properties;
    }

    @PostMapping("/generate")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Generated> generate(
            @Valid @RequestBody GenerateRequest body,
            @AuthenticationPrincipal BridgePrincipal principal,
            ServerWebExchange exchange) {
        Instant expiresAt = expiryOf(body);
        List<String> networks = body.allowedNetworks() == null
                ? List.of()
                : body.allowedNetworks().stream().map(String::trim).toList();
        networks.forEach(Network::parse);
        requireRoomForAnother(principal.userId());
        String tokenId = UUID.randomUUID().toString();
        var minted = mint.mint();
        return subsetFor(principal, body.permissions()).flatMap(subset -> commands.send(
                        new IssueApiToken(
                                tokenId,
                                principal.userId(),
                                body.name().trim(),
                                minted.hash(),
                                minted.displayPrefix(),
                                expiresAt,
                                subset.orElse(null),
                                networks,
                                body.requestsPerMinute()),
                        principal,
                        exchange)
                .then(Mono.fromSupplier(() -> {
                    var token = tokens.token(tokenId).orElseThrow();
                    return new Generated(
                            tokenId,
                            token.name(),
                            minted.token(),
                            token.displayPrefix(),
                            token.issuedAt(),
                            token.expiresAt(),
                            token.permissions(),
                            token.allowedNetworks(),
                            token.requestsPerMinute(),
                            "Store this token now: it is shown only once.");
                })));
    }

    @GetMapping
    Mono<List<TokenSummary>> list(
            @RequestParam(name = "all", defaultValue = "false") boolean all,
            @AuthenticationPrincipal BridgePrincipal principal) {
        var listed = Ownership.listedOwner(principal, all, "tokens")
                .map(tokens::tokensOf)
                .orElseGet(tokens::all);
        return usage.lastUses(listed.stream().map(ApiTokenAccess::tokenId).toList())
                .map(lastUses -> listed.stream()
                        .map(token -> summaryOf(token, lastUses.get(token.tokenId())))
                        .toList());
    }

    @DeleteMapping("/{tokenId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> revoke(
            @PathVariable String tokenId,
            @AuthenticationPrincipal BridgePrincipal principal,
            ServerWebExchange exchange) {
        if (!tokenId.equals(principal.tokenId())) {
            principal.assertMayManageCredentials();
        }
        var token = visibleToken(tokenId, principal, Ownership.Use.OWNER_OR_ADMINISTRATOR);
        return commands.send(new RevokeApiToken(token.tokenId()), principal, exchange)
                .then();
    }

    @PutMapping("/{tokenId}/permissions")
    Mono<TokenSummary> changePermissions(
            @PathVariable String tokenId,
            @Valid @RequestBody PermissionsRequest body,
            @AuthenticationPrincipal BridgePrincipal principal,
            ServerWebExchange exchange) {
        principal.assertMayManageCredentials();
        var token = visibleToken(tokenId, principal, Ownership.Use.OWNER);
        return subsetFor(principal, body.permissions())
                .flatMap(subset -> commands.send(
                        new ChangeApiTokenPermissions(token.tokenId(), subset.orElse(null)), principal, exchange))
                .then(Mono.defer(() -> {
                    var changed = tokens.token(tokenId).orElseThrow();
                    return usage.lastUses(List.of(tokenId)).map(lastUses -> summaryOf(changed, lastUses.get(tokenId)));
                }));
    }

    @GetMapping("/{tokenId}/usage")
    Mono<Usage> usage(
            @PathVariable String tokenId,
            @RequestParam(name = "days", defaultValue = "30") int days,
            @AuthenticationPrincipal BridgePrincipal principal) {
        if (days < 1 || days > 366) {
            return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED, "days is between 1 and 366."));
        }
        var token = visibleToken(tokenId, principal, Ownership.Use.OWNER_OR_ADMINISTRATOR);
        Instant since = LocalDate.now(ZoneOffset.UTC)
                .minusDays(days - 1L)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
        return Mono.zip(
                        usage.lastUses(List.of(token.tokenId())),
                        usage.days(token.tokenId(), since),
                        usage.tools(token.tokenId(), since))
                .map(all -> {
                    var last = all.getT1().get(token.tokenId());
                    var perDay = all.getT2();
                    return new Usage(
                            token.tokenId(),
                            since,
                            last == null ? null : last.lastUsedAt(),
                            last == null ? null : last.lastIp(),
                            last == null ? 0 : last.uses(),
                            perDay.stream()
                                    .mapToLong(TokenUsageQueries.Day::calls)
                                    .sum(),
                            perDay.stream()
                                    .mapToLong(TokenUsageQueries.Day::denials)
                                    .sum(),
                            perDay,
                            all.getT3());
                });
    }

    private Instant expiryOf(GenerateRequest body) {
        if (body.expiresAt() != null && body.expiresInDays() != null) {
            throw new ApiException(ErrorCode.INVALID_EXPIRY, "Give expiresAt or expiresInDays, not both.");
        }
        Instant now = tokens.now();
        Instant expiresAt =
                body.expiresInDays() != null ? now.plus(Duration.ofDays(body.expiresInDays())) : body.expiresAt();
        if (expiresAt == null) {
            if (!properties.allowNoExpiry()) {
                throw new ApiException(ErrorCode.INVALID_EXPIRY, "A token needs an expiry here.");
            }
            return null;
        }
        if (!expiresAt.isAfter(now)) {
            throw new ApiException(ErrorCode.INVALID_EXPIRY, "The expiry is in the past.");
        }
        if (expiresAt.isAfter(now.plus(properties.maxLifetime()))) {
            throw new ApiException(
                    ErrorCode.INVALID_EXPIRY,
                    "A token may live at most " + properties.maxLifetime().toDays() + " days.");
        }
        return expiresAt;
    }

    private void requireRoomForAnother(String userId) {
        long active = tokens.tokensOf(userId).stream()
                .filter(token -> token.status(tokens.now()) == ApiTokenAccess.Status.ACTIVE)
                .count();
        if (active >= MOST_ACTIVE_TOKENS) {
            throw new ApiException(
                    ErrorCode.CONFLICT,
                    "You have " + MOST_ACTIVE_TOKENS + " active tokens; revoke one before creating another.");
        }
    }

    /**
     * The subset a new or changed token gets: what was asked for, within the caller's own rights,
     * or, when nothing was asked, the narrowing of the token the caller presented (if any), so a
     * token can never mint a wider one.
     */
    private Mono<Optional<List<Grant>>> subsetFor(BridgePrincipal principal, List<Permission> asked) {
        if (asked == null) {
            var inherited = principal.tokenId() == null
                    ? null
                    : tokens.token(principal.tokenId())
                            .map(ApiTokenAccess::permissions)
                            .orElse(null);
            return Mono.just(Optional.ofNullable(inherited));
        }
        var grants = asked.stream().map(Permission::grant).toList();
        return catalog.requireWithinRights(principal.userId(), principal.tokenId(), grants)
                .map(Optional::of);
    }

    private ApiTokenAccess visibleToken(String tokenId, BridgePrincipal principal, Ownership.Use use) {
        return Ownership.reachable(
                tokens.token(tokenId),
                ApiTokenAccess::userId,
                principal,
                use,
                () -> new ApiException(ErrorCode.TOKEN_NOT_FOUND, "You have no token with this id."));
    }

    private TokenSummary summaryOf(ApiTokenAccess token, TokenUsageQueries.LastUse lastUse) {
        return new TokenSummary(
                token.tokenId(),
                token.userId(),
                token.name(),
                token.displayPrefix(),
                token.status(tokens.now()),
                token.issuedAt(),
                token.expiresAt(),
                token.revokedAt(),
                lastUse == null ? null : lastUse.lastUsedAt(),
                lastUse == null ? null : lastUse.lastIp(),
                lastUse == null ? 0 : lastUse.uses(),
                token.permissions(),
                token.allowedNetworks(),
                token.requestsPerMinute());
    }
}
