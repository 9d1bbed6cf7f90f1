package dev.hamcp.bridge.runtime.homeassistant;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.token.Network;
import dev.hamcp.bridge.runtime.web.ApiException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Decides which URLs users may point a Home Assistant connection at, against server-side request
 * forgery: the URL's form first ({@link #parse}), then every address its host resolves to
 * ({@link #pin}), which gives the one address to connect to.
 *
 * <p>Always refused, in every mode: link-local (169.254.0.0/16, fe80::/10, where the clouds' metadata
 * services live), other cloud metadata addresses, "this network", multicast and reserved blocks, and
 * the same addresses inside IPv6 (IPv4-mapped, IPv4-compatible, NAT64 and 6to4 forms).
 */
@Component
public class DestinationPolicy {

    private static final List<Network> ALWAYS_REFUSED = networks(
            "0.0.0.0/8", // "this network": 0.0.0.0 reaches the bridge's own host on Linux
            "169.254.0.0/16", // link-local: AWS, GCP, Azure, OpenStack metadata at 169.254.169.254, ECS at .170.2
            "100.100.100.200", // Alibaba Cloud metadata
            "168.63.129.16", // Azure WireServer
            "192.0.0.192", // Oracle Cloud's older metadata address
            "224.0.0.0/4", // multicast
            "240.0.0.0/4", // reserved, broadcast
            "::/128",
            "fe80::/10", // IPv6 link-local
            "fd00:ec2::254", // AWS metadata over IPv6
            "ff00::/8"); // IPv6 multicast

    private static final List<Network> PRIVATE = networks(
            "127.0.0.0/8",
            "10.0.0.0/8",
            "172.16.0.0/12",
            "192.168.0.0/16",
            "100.64.0.0/10", // carrier-grade NAT, also Tailscale
            "::1",
            "fc00::/7",
            "fec0::/10");

    private static final int MOST_URL_CHARS = 2048;
    private static final Pattern SCHEME = Pattern.compile("(?i)https?");

    private final DestinationProperties properties;
    private final List<Network> allowed;

    public DestinationPolicy(DestinationProperties properties) {
        this.properties = properties;
        this.allowed = properties.networks();
    }

    /**
     * Checks a Home Assistant base URL's form, without any lookup: http or https, a host, no user
     * information, query or fragment, not already ending in {@code /api}.
     *
     * @throws ApiException {@link ErrorCode#INVALID_HA_CONNECTION} saying what is wrong (never echoing
     *     the URL, which may hold a password)
     */
    public HaUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw invalid("The Home Assistant URL is missing.");
        }
        if (url.length() > MOST_URL_CHARS) {
            throw invalid("The Home Assistant URL is longer than " + MOST_URL_CHARS + " characters.");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw invalid("The Home Assistant URL is not a valid URL.");
        }
        if (uri.getScheme() == null || !SCHEME.matcher(uri.getScheme()).matches() || uri.isOpaque()) {
            throw invalid("The Home Assistant URL must start with http:// or https://.");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid(
                    "The Home Assistant URL must not hold a user name or password; the access token is given apart.");
        }
        if (uri.getHost() == null) {
            throw invalid(
                    "The Home Assistant URL has no valid host (host names are written in ASCII, international ones in their xn-- form).");
        }
        if (uri.getRawQuery() != null) {
            throw invalid("The Home Assistant URL must not have a query (?...).");
        }
        if (uri.getRawFragment() != null) {
            throw invalid("The Home Assistant URL must not have a fragment (#...).");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        int port = uri.getPort() < 0 ? HaUrl.defaultPort(scheme) : uri.getPort();
        if (port < 1 || port > 65535) {
            throw invalid("The Home Assistant URL's port must be between 1 and 65535.");
        }
        return new HaUrl(scheme, host, port, basePath(uri));
    }

    /**
     * Resolves {@code url}'s host once, refuses it if any of its addresses is not allowed, and gives
     * the address to connect to. Blocking (DNS); see {@link #pin} for reactive callers.
     *
     * @throws UnknownHostException the name does not resolve
     * @throws DestinationRefused an address the bridge never connects to, or outside the allow-list
     */
    public Destination resolve(HaUrl url) throws UnknownHostException {
        InetAddress[] addresses = InetAddress.getAllByName(url.host());
        for (InetAddress address : addresses) {
            Optional<String> refusal = refusal(address);
            if (refusal.isPresent()) {
                // One bad answer refuses all: a name that also resolves to the metadata service
                // is itself the attack, and the JDK's own address order must not decide its fate.
                // The address itself is not named: refusals must not turn the bridge into a way to
                // learn what internal names resolve to.
                throw new DestinationRefused(url.host()
                        + (url.host().equals(address.getHostAddress()) ? " is " : " resolves to ")
                        + refusal.get());
            }
        }
        InetAddress first = addresses[0];
        InetAddress pinned = InetAddress.getByAddress(url.host(), first.getAddress());
        return new Destination(url, pinned, Arrays.asList(addresses), warnings(url, addresses));
    }

    /** {@link #resolve} off the event loop. */
    public Mono<Destination> pin(HaUrl url) {
        return Mono.fromCallable(() -> resolve(url)).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * Refuses a shared upstream's host if it is, or resolves to, an address the bridge never
     * connects to (link-local, cloud metadata, ..., also inside IPv6). The allow-list is for users'
     * houses only: an administrator's upstream may be anywhere else. Blocking (DNS).
     *
     * @throws UnknownHostException the name does not resolve
     * @throws DestinationRefused one of its addresses is never connected to
     */
    void checkSharedUpstreamHost(String host) throws UnknownHostException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        sharedAddresses(bare);
    }

    /** {@code host}'s addresses, looked up once, unless one of them is never connected to. */
    private InetAddress[] sharedAddresses(String host) throws UnknownHostException {
        InetAddress[] addresses = InetAddress.getAllByName(host);
        for (InetAddress address : addresses) {
            var refusal = neverConnected(address);
            if (refusal.isPresent()) {
                throw new DestinationRefused(
                        host + (host.equals(address.getHostAddress()) ? " is " : " resolves to ") + refusal.get());
            }
        }
        return addresses;
    }

    /**
     * Resolves a shared upstream's host once, refuses it if any of its addresses is one the bridge
     * never connects to, and gives the address its session connects to (off the event loop). The
     * allow-list is for users' houses only.
     */
    public Mono<Destination> pinShared(HaUrl url) {
        return Mono.fromCallable(() -> {
                    // One lookup, checked and connected to: a second one could answer differently.
                    InetAddress[] addresses = sharedAddresses(url.host());
                    InetAddress pinned = InetAddress.getByAddress(url.host(), addresses[0].getAddress());
                    return new Destination(url, pinned, Arrays.asList(addresses), List.of());
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * {@link #checkSharedUpstreamHost} off the event loop; a name that does not resolve (yet)
     * proves nothing either way and passes, left to the connection, which will fail.
     */
    public Mono<Void> checkShared(String host) {
        return Mono.<Void>fromCallable(() -> {
                    checkSharedUpstreamHost(host);
                    return null;
                })
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorResume(UnknownHostException.class, unresolved -> Mono.empty());
    }

    /** Why the bridge will not connect to {@code address}, or empty when it may. */
    public Optional<String> refusal(InetAddress address) {
        var never = neverConnected(address);
        if (never.isPresent()) {
            return never;
        }
        if (properties.mode() == DestinationProperties.Mode.ALLOW_LIST) {
            InetAddress plain = unmapped(address);
            if (allowed.stream().noneMatch(n -> n.contains(plain))) {
                return Optional.of(
                        "an address outside the networks this bridge may connect to (bridge.homeassistant.destinations.allowed-networks).");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> neverConnected(InetAddress address) {
        for (InetAddress candidate : withEmbedded(address)) {
            if (ALWAYS_REFUSED.stream().anyMatch(n -> n.contains(candidate))) {
                return Optional.of(
                        "an address the bridge never connects to (link-local, cloud metadata, multicast or reserved).");
            }
        }
        return Optional.empty();
    }

    /** Whether {@code address} is loopback or in a private range (where plain http stays at home). */
    public boolean isPrivate(InetAddress address) {
        InetAddress plain = unmapped(address);
        return PRIVATE.stream().anyMatch(n -> n.contains(plain));
    }

    private List<String> warnings(HaUrl url, InetAddress[] addresses) {
        if (!url.secure() && Arrays.stream(addresses).anyMatch(a -> !isPrivate(a))) {
            return List.of("Plain http to a public address: the access token and everything Home Assistant says "
                    + "cross the internet unencrypted. Use https.");
        }
        return List.of();
    }

    private static String basePath(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.contains("/../") || path.endsWith("/..") || path.contains("/./") || path.endsWith("/.")) {
            throw invalid("The Home Assistant URL's path must not hold . or .. segments.");
        }
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.endsWith("/api") || lower.contains("/api/")) {
            throw invalid("Give Home Assistant's base URL (such as http://homeassistant.local:8123), without /api/...: "
                    + "the bridge adds /api/ and /api/mcp itself.");
        }
        return path;
    }

    /** The address itself, and for IPv6 any IPv4 address it carries inside. */
    private static List<InetAddress> withEmbedded(InetAddress address) {
        List<InetAddress> all = new ArrayList<>(2);
        all.add(address);
        if (address instanceof Inet6Address) {
            embeddedIpv4(address.getAddress()).ifPresent(all::add);
        }
        return all;
    }

    /** An IPv4-mapped IPv6 address as the IPv4 address it reaches; anything else as it is. */
    private static InetAddress unmapped(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address && isMapped(b)) {
            return ipv4(b, 12);
        }
        return address;
    }

    private static Optional<InetAddress> embeddedIpv4(byte[] b) {
        if (isMapped(b) || (zero(b, 0, 12) && !zero(b, 12, 15))) { // ::ffff:a.b.c.d, ::a.b.c.d
            return Optional.of(ipv4(b, 12));
        }
        if (b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b && zero(b, 4, 12)) {
            return Optional.of(ipv4(b, 12)); // NAT64, 64:ff9b::/96
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return Optional.of(ipv4(b, 2)); // 6to4, 2002::/16
        }
        return Optional.empty();
    }

    private static boolean isMapped(byte[] b) {
        return b.length == 16 && zero(b, 0, 10) && b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress ipv4(byte[] b, int from) {
        try {
            return Inet4Address.getByAddress(Arrays.copyOfRange(b, from, from + 4));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorCode.INVALID_HA_CONNECTION, message);
    }

    private static List<Network> networks(String... cidrs) {
        return Arrays.stream(cidrs).map(Network::parse).toList();
    }
}
