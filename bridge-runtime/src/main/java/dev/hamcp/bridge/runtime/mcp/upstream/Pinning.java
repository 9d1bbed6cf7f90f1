package dev.hamcp.bridge.runtime.mcp.upstream;

import dev.hamcp.bridge.runtime.homeassistant.DestinationPolicy;
import dev.hamcp.bridge.runtime.homeassistant.DestinationRefused;
import dev.hamcp.bridge.runtime.homeassistant.HaUrl;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Where an upstream's session connects: its URL's host resolved once, when the session begins,
 * and refused when the destination policy forbids an address it resolves to: for a guarded
 * upstream (a user's own Home Assistant) the rules their connection was saved under, for a shared
 * one (an administrator's) the addresses the bridge never connects to. A name re-pointed after
 * its registration does not reach a session that began before; one that began after is checked
 * against where the name points then.
 */
interface Pinning {

    /**
     * Resolves a guarded upstream's host, off the event loop.
     *
     * @return the one address to connect to; it carries the URL's host name, for the {@code Host}
     *     header and TLS. Fails with {@link Failures.ForbiddenDestination} for a forbidden address, or
     *     with {@link java.net.UnknownHostException} when the name does not resolve
     */
    Mono<InetSocketAddress> pin(URI url);

    /** As {@link #pin}, for a shared upstream: only the addresses the bridge never connects to are refused. */
    Mono<InetSocketAddress> pinShared(URI url);

    /** For a pool that is never given guarded upstreams (tests of administrators' upstreams): refuses them all. */
    Pinning NONE = new Pinning() {
        @Override
        public Mono<InetSocketAddress> pin(URI url) {
            return Mono.error(new Failures.ForbiddenDestination(
                    url.getHost() + " cannot be checked: this bridge has no destination policy."));
        }

        @Override
        public Mono<InetSocketAddress> pinShared(URI url) {
            var target = haUrl(url);
            return Mono.fromCallable(() -> new InetSocketAddress(
                            InetAddress.getByAddress(
                                    target.host(),
                                    InetAddress.getByName(target.host()).getAddress()),
                            target.port()))
                    .subscribeOn(Schedulers.boundedElastic());
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
            public Mono<InetSocketAddress> pinShared(URI url) {
                return policy.pinShared(haUrl(url))
                        .map(destination -> destination.socketAddress())
                        .onErrorMap(DestinationRefused.class, Pinning::refused);
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
