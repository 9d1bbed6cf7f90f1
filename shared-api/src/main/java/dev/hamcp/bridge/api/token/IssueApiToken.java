package dev.hamcp.bridge.api.token;

import dev.hamcp.bridge.api.permission.Grant;
import java.time.Instant;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A user creates a personal API token. The token itself never reaches the command side: only its
 * SHA-256 and a short display prefix do.
 *
 * @param tokenHash hex SHA-256 of the whole token
 * @param displayPrefix the first characters of the token, enough to recognise it, far too few to use it
 * @param expiresAt null for a token that does not expire
 * @param permissions the subset of the owner's rights the token may use; null for all of them
 * @param allowedNetworks CIDRs the token may be used from; empty for anywhere
 * @param requestsPerMinute the token's own rate limit; null for the owner's
 */
public record IssueApiToken(
        @TargetAggregateIdentifier String tokenId,
        String userId,
        String name,
        String tokenHash,
        String displayPrefix,
        Instant expiresAt,
        List<Grant> permissions,
        List<String> allowedNetworks,
        Integer requestsPerMinute) {

    public IssueApiToken {
        permissions = permissions == null ? null : List.copyOf(permissions);
        allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
    }
}
