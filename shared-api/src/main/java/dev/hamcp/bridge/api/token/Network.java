package dev.hamcp.bridge.api.token;

import dev.hamcp.bridge.api.error.BusinessError;
import dev.hamcp.bridge.api.error.ErrorCode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A block of addresses in CIDR notation ({@code 192.168.1.0/24}, {@code fd00::/8}, or one address).
 * Parsing never asks DNS: only address literals are accepted, IPv4 ones in plain decimal.
 */
public record Network(byte[] base, int prefixLength) {

    // No leading zeros: some tools read 010 as octal (8), the JDK as decimal (10); neither is guessed.
    private static final Pattern IPV4 = Pattern.compile("(0|[1-9]\\d{0,2})(\\.(0|[1-9]\\d{0,2})){3}");
    // Starts with a hex digit or ':', and holds a ':': only such text is certain to be parsed by the
    // JDK as an IPv6 literal; anything else that is not an IPv4 literal it would look up in DNS.
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]{1,44}");
    private static final Pattern PREFIX = Pattern.compile("\\d{1,3}");

    /** Parses {@code cidr}, refusing anything else with {@link ErrorCode#INVALID_NETWORK}. */
    public static Network parse(String cidr) {
        if (cidr == null || cidr.isBlank() || cidr.length() > 64) {
            throw invalid(cidr);
        }
        int slash = cidr.indexOf('/');
        String address = slash < 0 ? cidr : cidr.substring(0, slash);
        boolean v4 = IPV4.matcher(address).matches();
        if (!v4 && !(address.indexOf(':') >= 0 && IPV6.matcher(address).matches())) {
            throw invalid(cidr);
        }
        byte[] bytes = v4 ? ipv4(address) : ipv6(address);
        if (bytes == null || v4 != (bytes.length == 4)) {
            throw invalid(cidr);
        }
        int bits = bytes.length * 8;
        String prefixText = slash < 0 ? null : cidr.substring(slash + 1);
        if (prefixText != null && !PREFIX.matcher(prefixText).matches()) {
            throw invalid(cidr);
        }
        int prefix = prefixText == null ? bits : Integer.parseInt(prefixText);
        if (prefix > bits) {
            throw invalid(cidr);
        }
        return new Network(bytes, prefix);
    }

    /** Whether {@code address} (a literal from a connection, never a host name) lies in this block. */
    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != base.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (candidate[i] != base[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (candidate[full] & mask) == (base[full] & mask);
    }

    // Built by hand: InetAddress.getByName would ask DNS for 999.1.1.1, which only looks numeric.
    private static byte[] ipv4(String address) {
        String[] parts = address.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int part = Integer.parseInt(parts[i]);
            if (part > 255) {
                return null;
            }
            bytes[i] = (byte) part;
        }
        return bytes;
    }

    private static byte[] ipv6(String address) {
        try {
            // Text that starts with a hex digit or ':' and holds a ':' is parsed as a literal or
            // refused as a malformed one, never looked up by InetAddress.getByName.
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static RuntimeException invalid(String cidr) {
        return BusinessError.reject(
                ErrorCode.INVALID_NETWORK,
                "Not an address block in CIDR notation (such as 192.168.1.0/24 or fd00::/8): " + safe(cidr));
    }

    private static String safe(String cidr) {
        if (cidr == null) {
            return "null";
        }
        String shown = cidr.length() > 64 ? cidr.substring(0, 64) + "…" : cidr;
        return shown.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
