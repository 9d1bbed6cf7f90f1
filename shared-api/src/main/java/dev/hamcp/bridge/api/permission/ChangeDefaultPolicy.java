package dev.hamcp.bridge.api.permission;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An administrator replaces the grants every user inherits for tools they hold no explicit grant on. */
public record ChangeDefaultPolicy(List<Grant> grants) {

    public ChangeDefaultPolicy {
        grants = grants == null ? List.of() : List.copyOf(grants);
    }

    @TargetAggregateIdentifier
    public String policyId() {
        return InstallationPolicy.ID;
    }
}
