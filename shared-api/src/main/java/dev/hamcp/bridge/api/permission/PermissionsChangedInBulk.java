package dev.hamcp.bridge.api.permission;

import java.util.List;

/** Many of {@code userId}'s grants changed at once: {@code grants} set, {@code revoked} removed. */
public record PermissionsChangedInBulk(String userId, List<Grant> grants, List<String> revoked)
        implements PermissionPolicyEvent {

    public PermissionsChangedInBulk {
        grants = grants == null ? List.of() : List.copyOf(grants);
        revoked = revoked == null ? List.of() : List.copyOf(revoked);
    }
}
