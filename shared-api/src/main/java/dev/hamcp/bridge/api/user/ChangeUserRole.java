package dev.hamcp.bridge.api.user;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An administrator makes a user an administrator, or the reverse. */
public record ChangeUserRole(@TargetAggregateIdentifier String userId, Role role) {}
