package dev.hamcp.bridge.runtime.security;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.runtime.web.Problems;
import dev.hamcp.bridge.runtime.web.RequestContext;
import java.util.Map;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.ServerAuthenticationSuccessHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * An account that must change its password (the first administrator, for one) may only change it,
 * look at itself, or log out; everything else answers 403 {@code password-change-required}. Also
 * puts the caller's user id in the logging context.
 *
 * <p>What the bearer authentication filter does once it has authenticated a request (in place of
 * Spring Security's default, which only goes on down the chain): the gate then has the
 * authentication in hand, and runs exactly where a filter right after authentication would, without
 * a filter of its own reading it back from the Reactor context on every request. A request without
 * a token is not authenticated by that filter and never reaches the gate, as before; one whose
 * token fails is answered by the entry point.
 */
final class PasswordChangeGate implements ServerAuthenticationSuccessHandler {

    private static final Set<String> ALLOWED = Set.of("/auth/password", "/auth/me", "/auth/logout", "/auth/sessions");

    private final Problems problems;

    PasswordChangeGate(Problems problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> onAuthenticationSuccess(WebFilterExchange webFilterExchange, Authentication authentication) {
        ServerWebExchange exchange = webFilterExchange.getExchange();
        if (!(authentication instanceof BridgeAuthentication auth) || auth.getPrincipal() == null) {
            return webFilterExchange.getChain().filter(exchange);
        }
        BridgePrincipal principal = auth.getPrincipal();
        if (principal.mustChangePassword()
                && !ALLOWED.contains(exchange.getRequest().getPath().value())) {
            return problems.write(
                    exchange,
                    ErrorCode.PASSWORD_CHANGE_REQUIRED,
                    "Change your password with POST /auth/password before doing anything else.",
                    Map.of());
        }
        return webFilterExchange
                .getChain()
                .filter(exchange)
                .contextWrite(Context.of(RequestContext.MDC_USER_ID, principal.userId()));
    }
}
