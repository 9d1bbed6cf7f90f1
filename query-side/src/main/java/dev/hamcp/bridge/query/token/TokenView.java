package dev.hamcp.bridge.query.token;

import dev.hamcp.bridge.api.permission.Grant;
import dev.hamcp.bridge.api.permission.ToolPatterns;
import dev.hamcp.bridge.api.token.ApiTokenEvent;
import dev.hamcp.bridge.api.token.ApiTokenIssued;
import dev.hamcp.bridge.api.token.ApiTokenPermissionsChanged;
import dev.hamcp.bridge.api.token.ApiTokenRevoked;
import dev.hamcp.bridge.api.token.Network;
import dev.hamcp.bridge.query.access.AccessView;
import dev.hamcp.bridge.query.access.UserAccess;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Every API token, in memory: found by the SHA-256 of what a client presents (never by comparing
 * the token itself), by id, and by owner. Fed like the access view, with a sequence guard per token.
 */
@Component
public class TokenView {

    /** What every API token starts with, so a credential can be told from a JWT at a glance. */
    public static final String PREFIX = "mcp_";

    /** An authenticated token and the account it acts for. */
    public record Holder(UserAccess owner, ApiTokenAccess token) {}

    private final Map<String, ApiTokenAccess> byId = new ConcurrentHashMap<>();
    private final Map<String, String> idByHash = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> idsByUser = new ConcurrentHashMap<>();
    private final AccessView users;
    private final Clock clock;

    @Autowired
    public TokenView(AccessView users) {
        this(users, Clock.systemUTC());
    }

    public TokenView(AccessView users, Clock clock) {
        this.users = users;
        this.clock = clock;
    }

    /** Hex SHA-256 of a presented token: what the store and this view know it by. */
    public static String hash(String token) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /**
     * The active token {@code presented} is, with its enabled owner; empty for anything else (an
     * unknown, revoked or expired token, or one whose owner is disabled or deleted), all alike.
     */
    public Optional<Holder> authenticate(String presented) {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() > 256) {
            return Optional.empty();
        }
        String id = idByHash.get(hash(presented));
        ApiTokenAccess token = id == null ? null : byId.get(id);
        if (token == null || token.status(clock.instant()) != ApiTokenAccess.Status.ACTIVE) {
            return Optional.empty();
        }
        return users.user(token.userId()).filter(UserAccess::enabled).map(owner -> new Holder(owner, token));
    }

    public Optional<ApiTokenAccess> token(String tokenId) {
        return Optional.ofNullable(tokenId).map(byId::get);
    }

    /** {@code userId}'s tokens, newest first. */
    public List<ApiTokenAccess> tokensOf(String userId) {
        // An id is added to its owner's set inside byId.compute, so for a moment it has no token yet.
        return sorted(idsByUser.getOrDefault(userId, Set.of()).stream()
                .map(byId::get)
                .filter(Objects::nonNull)
                .toList());
    }

    /** Every token, newest first. */
    public List<ApiTokenAccess> all() {
        return sorted(byId.values());
    }

    public Instant now() {
        return clock.instant();
    }

    void apply(ApiTokenEvent event, long sequence) {
        byId.compute(event.tokenId(), (id, current) -> {
            if (current == null ? !(event instanceof ApiTokenIssued) : sequence <= current.sequence()) {
                return current;
            }
            return switch (event) {
                case ApiTokenIssued e -> {
                    idByHash.put(e.tokenHash(), e.tokenId());
                    idsByUser
                            .computeIfAbsent(e.userId(), user -> ConcurrentHashMap.newKeySet())
                            .add(e.tokenId());
                    yield new ApiTokenAccess(
                            e.tokenId(),
                            e.userId(),
                            e.name(),
                            e.tokenHash(),
                            e.displayPrefix(),
                            e.issuedAt(),
                            e.expiresAt(),
                            null,
                            e.permissions() == null ? null : ToolPatterns.mostSpecificFirst(e.permissions()),
                            e.allowedNetworks(),
                            e.allowedNetworks().stream().map(Network::parse).toList(),
                            e.requestsPerMinute(),
                            sequence);
                }
                case ApiTokenRevoked e -> {
                    // A revoked token can never be used again: forget its hash at once.
                    idByHash.remove(current.tokenHash(), current.tokenId());
                    yield with(current, e.revokedAt(), current.permissions(), sequence);
                }
                case ApiTokenPermissionsChanged e ->
                    with(
                            current,
                            current.revokedAt(),
                            e.permissions() == null ? null : ToolPatterns.mostSpecificFirst(e.permissions()),
                            sequence);
            };
        });
    }

    private static ApiTokenAccess with(
            ApiTokenAccess current, Instant revokedAt, List<Grant> permissions, long sequence) {
        return new ApiTokenAccess(
                current.tokenId(),
                current.userId(),
                current.name(),
                current.tokenHash(),
                current.displayPrefix(),
                current.issuedAt(),
                current.expiresAt(),
                revokedAt,
                permissions,
                current.allowedNetworks(),
                current.networks(),
                current.requestsPerMinute(),
                sequence);
    }

    private static List<ApiTokenAccess> sorted(Collection<ApiTokenAccess> tokens) {
        return tokens.stream()
                .sorted(Comparator.comparing(ApiTokenAccess::issuedAt, Comparator.nullsLast(Comparator.reverseOrder()))
                        .thenComparing(ApiTokenAccess::tokenId))
                .toList();
    }
}
