package dev.hamcp.bridge.runtime.security;

import dev.hamcp.bridge.runtime.web.RequestContext;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import reactor.core.publisher.Mono;

/**
 * Who may read {@code /actuator/prometheus} ({@code bridge.metrics.access}): by default a scraper
 * on this machine (the client address, trusted proxies honoured, is loopback) and
 * administrators' credentials from anywhere; {@code admins} for administrators only; {@code anyone}
 * for a network where every client may see the bridge's load.
 */
@ConfigurationProperties("bridge.metrics")
record MetricsAccess(@DefaultValue("loopback-and-admins") Who access) {

    enum Who {
        LOOPBACK_AND_ADMINS,
        ADMINS,
        ANYONE
    }

    ReactiveAuthorizationManager<AuthorizationContext> manager() {
        return (authentication, context) -> {
            var client = RequestContext.of(context.getExchange()).clientAddress();
            if (access == Who.ANYONE
                    || (access == Who.LOOPBACK_AND_ADMINS && client != null && client.isLoopbackAddress())) {
                return Mono.just(new AuthorizationDecision(true));
            }
            return authentication
                    .map(MetricsAccess::isAdministrator)
                    .defaultIfEmpty(false)
                    .map(AuthorizationDecision::new);
        };
    }

    private static boolean isAdministrator(Authentication authentication) {
        return authentication.isAuthenticated()
                && authentication.getAuthorities().stream()
                        .anyMatch(authority -> "ROLE_ADMIN".equals(authority.getAuthority()));
    }
}
