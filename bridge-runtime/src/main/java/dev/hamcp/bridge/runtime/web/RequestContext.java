package dev.hamcp.bridge.runtime.web;

import io.micrometer.context.ContextSnapshotFactory;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.web.server.ServerWebExchange;
import reactor.util.context.ContextView;

/** Where a request comes from and the id that ties together its logs and the events it causes. */
public record RequestContext(String correlationId, String clientIp, String userAgent) {

    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    /**
     * Logging context keys, kept in Reactor's context. Reactor copies them into the MDC only in its
     * {@code handle} and {@code tap} operators ({@code spring.reactor.context-propagation: limited}:
     * restoring thread-locals around every operator cost a sixth of the bridge's CPU), so a log line
     * written anywhere else goes through {@link #inLoggingContext}.
     */
    public static final String MDC_CORRELATION_ID = "correlationId";

    public static final String MDC_USER_ID = "userId";
    private static final ContextSnapshotFactory SNAPSHOTS =
            ContextSnapshotFactory.builder().build();
    private static final String ATTRIBUTE = RequestContext.class.getName();
    private static final Pattern SAFE_CORRELATION_ID = Pattern.compile("[A-Za-z0-9._-]{8,64}");
    private static final int MAX_USER_AGENT = 256;

    /** The context of this exchange, worked out once by {@link RequestContextFilter}. */
    public static RequestContext of(ServerWebExchange exchange) {
        RequestContext context = exchange.getAttribute(ATTRIBUTE);
        return context != null ? context : establish(exchange);
    }

    /** Runs {@code logging} with the correlation and user id of {@code context} in the MDC. */
    public static void inLoggingContext(ContextView context, Runnable logging) {
        try (var scope = SNAPSHOTS.setThreadLocalsFrom(context, MDC_CORRELATION_ID, MDC_USER_ID)) {
            logging.run();
        }
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
