package dev.hamcp.bridge.runtime.security;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.runtime.web.Problems;
import dev.hamcp.bridge.runtime.web.RequestContext;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * An account that must change its password (the first administrator, for one) may only change it,
 * look at itself, or log out; everything else answers 403 {@code password-change-required}. Also
 * puts the caller's user id in the logging context. A filter right after authentication: a
 * request without an authenticated account passes untouched, and the authorization rules after it
 * decide.
 */
final class PasswordChangeGate implements WebFilter {

    private static final Set<String> ALLOWED = Set.of("/auth/password", "/auth/me", "/auth/logout", "/auth/sessions");

    private final Problems problems;

    PasswordChangeGate(Problems problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(SecurityContext::getAuthentication)
                .filter(BridgeAuthentication.class::isInstance)
                .map(authentication -> Optional.of(((BridgeAuthentication) authentication).getPrincipal()))
                .defaultIfEmpty(Optional.empty())
                .flatMap(principal ->
                        principal.map(found -> gate(found, exchange, chain)).orElseGet(() -> chain.filter(exchange)));
    }

    private Mono<Void> gate(BridgePrincipal principal, ServerWebExchange exchange, WebFilterChain chain) {
        if (principal.mustChangePassword()
                && !ALLOWED.contains(exchange.getRequest().getPath().value())) {
            return problems.write(
                    exchange,
                    ErrorCode.PASSWORD_CHANGE_REQUIRED,
                    "Change your password with POST /auth/password before doing anything else.",
                    Map.of());
        }
        return chain.filter(exchange).contextWrite(Context.of(RequestContext.MDC_USER_ID, principal.userId()));
    }
}
