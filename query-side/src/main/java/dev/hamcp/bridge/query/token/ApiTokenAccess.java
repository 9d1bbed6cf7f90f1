package dev.hamcp.bridge.query.token;

import dev.hamcp.bridge.api.permission.Grant;
import dev.hamcp.bridge.api.token.Network;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;

/**
 * What the hot path and the token pages need to know about one API token, as of the aggregate
 * event {@code sequence}. Holds the token's hash for lookups, which must never leave the server.
 *
 * @param permissions the token's subset, most specific first; null for all of its owner's rights
 * @param networks the parsed {@code allowedNetworks}; empty for anywhere
 */
public record ApiTokenAccess(
        String tokenId,
        String userId,
        String name,
        String tokenHash,
        String displayPrefix,
        Instant issuedAt,
        Instant expiresAt,
        Instant revokedAt,
        List<Grant> permissions,
        List<String> allowedNetworks,
        List<Network> networks,
        Integer requestsPerMinute,
        long sequence) {

    public enum Status {
        ACTIVE,
        EXPIRED,
        REVOKED
    }

    public Status status(Instant now) {
        if (revokedAt != null) {
            return Status.REVOKED;
        }
        return expiresAt != null && !now.isBefore(expiresAt) ? Status.EXPIRED : Status.ACTIVE;
    }

    /** Whether a request from {@code address} may use this token. */
    public boolean admitsAddress(InetAddress address) {
        if (networks.isEmpty()) {
            return true;
        }
        if (address == null) {
            return false;
        }
        for (Network network : networks) {
            if (network.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
