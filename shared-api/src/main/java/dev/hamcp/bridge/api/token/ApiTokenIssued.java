package dev.hamcp.bridge.api.token;

import dev.hamcp.bridge.api.permission.Grant;
import java.time.Instant;
import java.util.List;

/** A token was issued; see {@link IssueApiToken} for the fields. Holds a hash, never the token. */
public record ApiTokenIssued(
        String tokenId,
        String userId,
        String name,
        String tokenHash,
        String displayPrefix,
        Instant issuedAt,
        Instant expiresAt,
        List<Grant> permissions,
        List<String> allowedNetworks,
        Integer requestsPerMinute)
        implements ApiTokenEvent {

    public ApiTokenIssued {
        permissions = permissions == null ? null : List.copyOf(permissions);
        allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
    }
}
