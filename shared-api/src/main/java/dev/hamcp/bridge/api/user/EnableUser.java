package dev.hamcp.bridge.api.user;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An administrator lets a disabled account log in again. */
public record EnableUser(@TargetAggregateIdentifier String userId) {}
