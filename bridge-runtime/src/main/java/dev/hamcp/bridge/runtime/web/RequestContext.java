package dev.hamcp.bridge.runtime.web;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.web.server.ServerWebExchange;

/** Where a request comes from and the id that ties together its logs and the events it causes. */
public record RequestContext(String correlationId, String clientIp, String userAgent) {

    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    /** Logging context keys, carried from Reactor's context into the MDC. */
    public static final String MDC_CORRELATION_ID = "correlationId";

    public static final String MDC_USER_ID = "userId";
    private static final String ATTRIBUTE = RequestContext.class.getName();
    private static final Pattern SAFE_CORRELATION_ID = Pattern.compile("[A-Za-z0-9._-]{8,64}");
    private static final int MAX_USER_AGENT = 256;

    /** The context of this exchange, worked out once by {@link RequestContextFilter}. */
    public static RequestContext of(ServerWebExchange exchange) {
        RequestContext context = exchange.getAttribute(ATTRIBUTE);
        return context != null ? context : establish(exchange);
    }

    static RequestContext establish(ServerWebExchange exchange) {
        var headers = exchange.getRequest().getHeaders();
        String offered = headers.getFirst(CORRELATION_HEADER);
        String correlationId =
                offered != null && SAFE_CORRELATION_ID.matcher(offered).matches()
                        ? offered
                        : UUID.randomUUID().toString();
        String clientIp = Optional.ofNullable(exchange.getRequest().getRemoteAddress())
                .map(InetSocketAddress::getAddress)
                .map(address -> address.getHostAddress())
                .orElse("unknown");
        String userAgent = headers.getFirst("User-Agent");
        if (userAgent != null && userAgent.length() > MAX_USER_AGENT) {
            userAgent = userAgent.substring(0, MAX_USER_AGENT);
        }
        var context = new RequestContext(correlationId, clientIp, userAgent);
        exchange.getAttributes().put(ATTRIBUTE, context);
        return context;
    }
}
