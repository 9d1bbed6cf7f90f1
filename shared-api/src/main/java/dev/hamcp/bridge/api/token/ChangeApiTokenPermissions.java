package dev.hamcp.bridge.api.token;

import dev.hamcp.bridge.api.permission.Grant;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The owner narrows (or widens, up to their own rights) what a token may use; null for all their rights. */
public record ChangeApiTokenPermissions(
        @TargetAggregateIdentifier String tokenId, List<Grant> permissions) {

    public ChangeApiTokenPermissions {
        permissions = permissions == null ? null : List.copyOf(permissions);
    }
}
