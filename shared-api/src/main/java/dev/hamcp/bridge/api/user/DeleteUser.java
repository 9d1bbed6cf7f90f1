package dev.hamcp.bridge.api.user;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An administrator removes an account; its history stays, its username becomes free. */
public record DeleteUser(@TargetAggregateIdentifier String userId) {}
