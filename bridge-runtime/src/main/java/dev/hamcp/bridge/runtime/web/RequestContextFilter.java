package dev.hamcp.bridge.runtime.web;

import dev.hamcp.bridge.api.token.Network;
import io.micrometer.context.ContextRegistry;
import java.util.List;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * First filter of every request: settles its correlation id (echoed in {@code X-Correlation-Id})
 * and client address (from {@code X-Forwarded-For} only behind a trusted proxy), and puts the correlation id in the logging context.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestContextFilter implements WebFilter {

    static {
        for (String key : new String[] {RequestContext.MDC_CORRELATION_ID, RequestContext.MDC_USER_ID}) {
            ContextRegistry.getInstance()
                    .registerThreadLocalAccessor(
                            key, () -> MDC.get(key), value -> MDC.put(key, value), () -> MDC.remove(key));
        }
    }

    private final List<Network> trustedProxies;

    RequestContextFilter(HttpProperties properties) {
        this.trustedProxies = properties.trustedNetworks();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        RequestContext context = RequestContext.establish(exchange, trustedProxies);
        exchange.getResponse().getHeaders().set(RequestContext.CORRELATION_HEADER, context.correlationId());
        return chain.filter(exchange)
                .contextWrite(Context.of(RequestContext.MDC_CORRELATION_ID, context.correlationId()));
    }
}
