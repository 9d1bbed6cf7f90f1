package dev.hamcp.bridge.runtime.web;

import dev.hamcp.bridge.api.error.ErrorCode;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a declared REST body over the limit before reading a byte of it; bodies without a length
 * are cut off by the codecs' in-memory limit, which {@code spring.http.codecs.max-in-memory-size}
 * sets to the same value. The MCP transports read their own bodies under their own, larger cap
 * and answer in JSON-RPC, so they are left to themselves.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class BodySizeLimitFilter implements WebFilter {

    private final long limit;
    private final Problems problems;

    BodySizeLimitFilter(HttpProperties properties, Problems problems) {
        this.limit = properties.maxBodySize().toBytes();
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        boolean mcp = path.equals("/mcp") || path.startsWith("/mcp/") || path.equals("/message");
        if (!mcp && exchange.getRequest().getHeaders().getContentLength() > limit) {
            return problems.write(
                    exchange,
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "The request body is larger than " + limit + " bytes.",
                    Map.of());
        }
        return chain.filter(exchange);
    }
}
