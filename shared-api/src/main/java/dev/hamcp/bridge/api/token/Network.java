package dev.hamcp.bridge.api.token;

import dev.hamcp.bridge.api.error.BusinessError;
import dev.hamcp.bridge.api.error.ErrorCode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A block of addresses in CIDR notation ({@code 192.168.1.0/24}, {@code fd00::/8}, or one address).
 * Parsing never asks DNS: only address literals are accepted.
 */
public record Network(byte[] base, int prefixLength) {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

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
        byte[] bytes;
        try {
            // A literal (checked above) is parsed without any name lookup.
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw invalid(cidr);
        }
        if (v4 != (bytes.length == 4)) {
            throw invalid(cidr);
        }
        int bits = bytes.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw invalid(cidr);
        }
        if (prefix < 0 || prefix > bits) {
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
