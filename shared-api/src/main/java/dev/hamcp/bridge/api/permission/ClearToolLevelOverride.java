package dev.hamcp.bridge.api.permission;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An administrator removes the override on {@code tool}; the catalog or the annotations decide again. */
public record ClearToolLevelOverride(String tool) {

    @TargetAggregateIdentifier
    public String policyId() {
        return InstallationPolicy.ID;
    }
}
