package dev.hamcp.bridge.runtime.startup;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.runtime.web.Problems;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Until the node is ready, every request but the health checks is answered {@code 503} with
 * {@code Retry-After}, before authentication: nothing is signed in, issued or written early.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class ReadinessGate implements WebFilter {

    private final Readiness readiness;
    private final Problems problems;

    ReadinessGate(Readiness readiness, Problems problems) {
        this.readiness = readiness;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (readiness.isReady() || isHealthCheck(exchange.getRequest().getPath().value())) {
            return chain.filter(exchange);
        }
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        return problems.write(exchange, ErrorCode.STARTING, "The bridge is starting; try again in a moment.", Map.of());
    }

    private static boolean isHealthCheck(String path) {
        return path.equals("/health") || path.equals("/actuator/health") || path.startsWith("/actuator/health/");
    }
}
