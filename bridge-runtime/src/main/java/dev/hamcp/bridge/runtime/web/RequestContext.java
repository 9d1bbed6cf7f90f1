package dev.hamcp.bridge.runtime.web;

import dev.hamcp.bridge.api.token.Network;
import io.micrometer.context.ContextSnapshotFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.springframework.web.server.ServerWebExchange;
import reactor.util.context.ContextView;

/** Where a request comes from and the id that ties together its logs and the events it causes. */
public record RequestContext(String correlationId, String clientIp, String userAgent) {

    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    static final String FORWARDED_FOR_HEADER = "X-Forwarded-For";
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
        return context != null ? context : establish(exchange, List.of());
    }

    /** Runs {@code logging} with the correlation and user id of {@code context} in the MDC. */
    public static void inLoggingContext(ContextView context, Runnable logging) {
        try (var scope = SNAPSHOTS.setThreadLocalsFrom(context, MDC_CORRELATION_ID, MDC_USER_ID)) {
            logging.run();
        }
    }

    /**
     * A random (version 4) UUID. Not {@link UUID#randomUUID()}: a correlation id ties log lines
     * together and guards nothing, and the shared {@code SecureRandom} behind that method was the
     * costliest step of this class on every request.
     */
    private static String randomId() {
        var random = ThreadLocalRandom.current();
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & ~(0xC000_0000_0000_0000L)) | 0x8000_0000_0000_0000L;
        return new UUID(most, least).toString();
    }

    /** The client's address as an {@link InetAddress}, or null when it is not known; never asks DNS. */
    public InetAddress clientAddress() {
        return literal(clientIp);
    }

    /**
     * Works out the context of {@code exchange}. The client address is the connection's peer, or,
     * when that peer is one of the {@code trustedProxies}, the nearest address in
     * {@code X-Forwarded-For} that is not a trusted proxy itself.
     */
    static RequestContext establish(ServerWebExchange exchange, List<Network> trustedProxies) {
        var headers = exchange.getRequest().getHeaders();
        String offered = headers.getFirst(CORRELATION_HEADER);
        String correlationId =
                offered != null && SAFE_CORRELATION_ID.matcher(offered).matches() ? offered : randomId();
        InetAddress peer = Optional.ofNullable(exchange.getRequest().getRemoteAddress())
                .map(InetSocketAddress::getAddress)
                .orElse(null);
        InetAddress client =
                peer == null ? null : forwardedClient(peer, headers.get(FORWARDED_FOR_HEADER), trustedProxies);
        String clientIp = client == null ? "unknown" : client.getHostAddress();
        String userAgent = headers.getFirst("User-Agent");
        if (userAgent != null && userAgent.length() > MAX_USER_AGENT) {
            userAgent = userAgent.substring(0, MAX_USER_AGENT);
        }
        var context = new RequestContext(correlationId, clientIp, userAgent);
        exchange.getAttributes().put(ATTRIBUTE, context);
        return context;
    }

    private static InetAddress forwardedClient(
            InetAddress peer, List<String> forwardedFor, List<Network> trustedProxies) {
        InetAddress client = peer;
        if (forwardedFor == null || !trusted(peer, trustedProxies)) {
            return client;
        }
        List<String> hops = new ArrayList<>();
        forwardedFor.forEach(line -> hops.addAll(List.of(line.split(","))));
        // Right to left: each trusted proxy vouches for the hop before it; the first untrusted one is the client.
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = literal(hops.get(i).trim());
            if (hop == null) {
                return client;
            }
            client = hop;
            if (!trusted(hop, trustedProxies)) {
                return client;
            }
        }
        return client;
    }

    /** Whether the connection's peer is one of {@code trustedProxies}, whose forwarding headers may be believed. */
    static boolean fromTrustedProxy(ServerWebExchange exchange, List<Network> trustedProxies) {
        var peer = exchange.getRequest().getRemoteAddress();
        return peer != null && peer.getAddress() != null && trusted(peer.getAddress(), trustedProxies);
    }

    private static boolean trusted(InetAddress address, List<Network> trustedProxies) {
        for (Network network : trustedProxies) {
            if (network.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static InetAddress literal(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return null;
        }
        try {
            return InetAddress.getByAddress(Network.parse(text).base());
        } catch (RuntimeException | UnknownHostException e) {
            return null;
        }
    }
}
