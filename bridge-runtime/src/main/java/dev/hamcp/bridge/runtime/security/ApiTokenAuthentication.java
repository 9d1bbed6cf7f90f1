package dev.hamcp.bridge.runtime.security;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.query.access.CatchUp;
import dev.hamcp.bridge.query.token.TokenView;
import dev.hamcp.bridge.runtime.limits.SecurityLimitsView;
import dev.hamcp.bridge.runtime.mcp.ratelimit.RateLimitScope;
import dev.hamcp.bridge.runtime.mcp.ratelimit.RateLimiter;
import dev.hamcp.bridge.runtime.token.TokenUsage;
import dev.hamcp.bridge.runtime.web.ApiException;
import dev.hamcp.bridge.runtime.web.RequestContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Authenticates a personal {@code mcp_} API token from memory: its SHA-256 is looked up in the
 * token view, then the token must be active, its owner enabled and the client inside the token's
 * networks. A client address that keeps presenting tokens that are not valid is refused for a
 * while before any lookup, so guessing gains nothing.
 */
@Component
class ApiTokenAuthentication {

    private static final Logger log = LoggerFactory.getLogger(ApiTokenAuthentication.class);

    private final TokenView tokens;
    private final RateLimiter rateLimiter;
    private final TokenUsage usage;
    private final SecurityLimitsView limits;
    private final CatchUp catchUp;

    ApiTokenAuthentication(
            TokenView tokens, RateLimiter rateLimiter, TokenUsage usage, SecurityLimitsView limits, CatchUp catchUp) {
        this.tokens = tokens;
        this.catchUp = catchUp;
        this.rateLimiter = rateLimiter;
        this.usage = usage;
        this.limits = limits;
    }

    static boolean isApiToken(String bearer) {
        return bearer.startsWith(TokenView.PREFIX);
    }

    Mono<Authentication> authenticate(String presented, ServerWebExchange exchange) {
        var context = RequestContext.of(exchange);
        var budget = rateLimiter.peek(RateLimitScope.CLIENT_IP, context.clientIp(), limits.invalidTokensPerMinute());
        if (!budget.allowed()) {
            return Mono.error(ApiException.rateLimited(
                    "Too many invalid API tokens from your address; try again in " + budget.retryAfterSeconds() + " s.",
                    budget.retryAfterSeconds()));
        }
        var holder = tokens.authenticate(presented);
        if (holder.isPresent()) {
            return admit(holder.get(), context);
        }
        // A token another node issued a moment ago may not have reached this one yet: only a
        // refusal that stands once this node has caught up counts against the address.
        return catchUp.lookAgain("token:" + TokenView.hash(presented), () -> tokens.authenticate(presented))
                .flatMap(found -> admit(found, context))
                .switchIfEmpty(Mono.defer(() -> {
                    rateLimiter.tryAcquire(
                            RateLimitScope.CLIENT_IP, context.clientIp(), limits.invalidTokensPerMinute());
                    log.warn("Refused an unknown, expired or revoked API token from {}", context.clientIp());
                    return Mono.error(new InvalidBearerTokenException("unknown, expired or revoked API token"));
                }));
    }

    private Mono<Authentication> admit(TokenView.Holder holder, RequestContext context) {
        var owner = holder.owner();
        var token = holder.token();
        if (!token.admitsAddress(context.clientAddress())) {
            log.warn(
                    "Refused API token {} of user {} from {}: outside its allowed networks",
                    token.tokenId(),
                    owner.userId(),
                    context.clientIp());
            return Mono.error(new ApiException(
                    ErrorCode.ADDRESS_NOT_ALLOWED, "This API token may not be used from your address."));
        }
        usage.touch(token.tokenId(), owner.userId(), context.clientIp());
        return Mono.just(new BridgeAuthentication(new BridgePrincipal(
                owner.userId(),
                owner.username(),
                owner.role(),
                null,
                token.tokenId(),
                token.permissions() != null,
                owner.mustChangePassword())));
    }
}
