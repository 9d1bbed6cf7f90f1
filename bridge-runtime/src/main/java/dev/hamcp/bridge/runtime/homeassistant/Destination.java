package dev.hamcp.bridge.runtime.homeassistant;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * A Home Assistant URL whose host was resolved once and found allowed: connect to {@link #address()}
 * and only there, so that a second DNS answer cannot send the request somewhere else.
 *
 * @param url the checked URL
 * @param address the address to connect to; it carries the URL's host name, so the {@code Host}
 *     header and TLS (SNI, certificate name check) still use the name
 * @param resolved every address the name resolved to, all of them allowed
 * @param warnings what works but deserves attention (plain http to a public address)
 */
public record Destination(HaUrl url, InetAddress address, List<InetAddress> resolved, List<String> warnings) {

    public Destination {
        resolved = List.copyOf(resolved);
        warnings = List.copyOf(warnings);
    }

    /** The pinned socket address to hand to an HTTP client. */
    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(address, url.port());
    }
}
