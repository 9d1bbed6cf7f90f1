package dev.hamcp.bridge.api.permission;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An administrator grants {@code userId} levels on a tool or pattern, or changes the grant already there. */
public record SetPermission(String userId, Grant grant) {

    @TargetAggregateIdentifier
    public String policyId() {
        return PermissionPolicyIds.of(userId);
    }
}
