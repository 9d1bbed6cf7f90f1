package dev.hamcp.bridge.api.limits;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * An administrator sets the run-time security limits, both at once.
 *
 * @param requestsPerMinute each user's default budget of MCP calls a minute
 * @param invalidTokensPerMinute how many unknown, expired or revoked API tokens one client address
 *     may present a minute before every token it presents is refused, before any lookup
 */
public record ChangeSecurityLimits(long requestsPerMinute, long invalidTokensPerMinute) {

    @TargetAggregateIdentifier
    public String limitsId() {
        return SecurityLimits.ID;
    }
}
