package dev.hamcp.bridge.api.token;

import dev.hamcp.bridge.api.permission.Grant;
import java.util.List;

/** A token's permission subset changed; null means all of its owner's rights. */
public record ApiTokenPermissionsChanged(String tokenId, String userId, List<Grant> permissions)
        implements ApiTokenEvent {

    public ApiTokenPermissionsChanged {
        permissions = permissions == null ? null : List.copyOf(permissions);
    }
}
