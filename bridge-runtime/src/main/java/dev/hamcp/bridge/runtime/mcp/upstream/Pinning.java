package dev.hamcp.bridge.runtime.mcp.upstream;

import dev.hamcp.bridge.runtime.homeassistant.DestinationPolicy;
import dev.hamcp.bridge.runtime.homeassistant.DestinationRefused;
import dev.hamcp.bridge.runtime.homeassistant.HaUrl;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;
import reactor.core.publisher.Mono;

/**
 * Where a guarded upstream's session connects: its URL's host resolved once, when the session
 * begins, and refused when the destination policy forbids the address it resolved to. A shared
 * upstream's session is checked too as it begins, against the addresses the bridge never connects
 * to, so a name re-pointed after its registration does not reach them.
 */
interface Pinning {

    /**
     * Resolves {@code url}'s host, off the event loop.
     *
     * @return the one address to connect to; it carries the URL's host name, for the {@code Host}
     *     header and TLS. Fails with {@link Failures.ForbiddenDestination} for a forbidden address, or
     *     with {@link java.net.UnknownHostException} when the name does not resolve
     */
    Mono<InetSocketAddress> pin(URI url);

    /**
     * Completes when a shared upstream at {@code url} may be connected to; fails with {@link
     * Failures.ForbiddenDestination} when its host now is, or resolves to, an address the bridge never
     * connects to. A name that does not resolve is left to the connection, which will fail.
     */
    Mono<Void> checkShared(URI url);

    /** For a pool that is never given guarded upstreams (tests of administrators' upstreams): refuses them all. */
    Pinning NONE = new Pinning() {
        @Override
        public Mono<InetSocketAddress> pin(URI url) {
            return Mono.error(new Failures.ForbiddenDestination(
                    url.getHost() + " cannot be checked: this bridge has no destination policy."));
        }

        @Override
        public Mono<Void> checkShared(URI url) {
            return Mono.empty();
        }
    };

    /** The rules users' Home Assistant connections were checked against when they were saved. */
    static Pinning by(DestinationPolicy policy) {
        return new Pinning() {
            @Override
            public Mono<InetSocketAddress> pin(URI url) {
                return policy.pin(haUrl(url))
                        .map(destination -> destination.socketAddress())
                        .onErrorMap(DestinationRefused.class, Pinning::refused);
            }

            @Override
            public Mono<Void> checkShared(URI url) {
                return url.getHost() == null
                        ? Mono.empty()
                        : policy.checkShared(url.getHost()).onErrorMap(DestinationRefused.class, Pinning::refused);
            }
        };
    }

    private static Failures.ForbiddenDestination refused(DestinationRefused refused) {
        return new Failures.ForbiddenDestination(refused.getMessage());
    }

    private static HaUrl haUrl(URI url) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = url.getPort() >= 0 ? url.getPort() : scheme.equals("https") ? 443 : 80;
        // Only the host and port matter to the lookup; the path is the endpoint's, not a base path.
        return new HaUrl(scheme, host, port, "");
    }
}
