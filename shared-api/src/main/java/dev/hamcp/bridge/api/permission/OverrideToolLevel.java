package dev.hamcp.bridge.api.permission;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An administrator decides the level {@code tool} needs, over the catalog and the upstream's annotations. */
public record OverrideToolLevel(String tool, ToolLevel level) {

    @TargetAggregateIdentifier
    public String policyId() {
        return InstallationPolicy.ID;
    }
}
