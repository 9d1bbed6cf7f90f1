package dev.hamcp.bridge.api.permission;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An administrator removes {@code userId}'s grant on {@code tool}; the default policy applies again. */
public record RevokePermission(String userId, String tool) {

    @TargetAggregateIdentifier
    public String policyId() {
        return PermissionPolicyIds.of(userId);
    }
}
