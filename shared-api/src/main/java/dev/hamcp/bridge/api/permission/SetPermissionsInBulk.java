package dev.hamcp.bridge.api.permission;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * An administrator sets many of {@code userId}'s grants at once, all or nothing.
 *
 * @param replace whether grants not in {@code grants} are revoked
 */
public record SetPermissionsInBulk(String userId, List<Grant> grants, boolean replace) {

    public SetPermissionsInBulk {
        grants = grants == null ? List.of() : List.copyOf(grants);
    }

    @TargetAggregateIdentifier
    public String policyId() {
        return PermissionPolicyIds.of(userId);
    }
}
