package dev.hamcp.bridge.api.user;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An administrator stops an account: its sessions end, it cannot log in until enabled again. */
public record DisableUser(@TargetAggregateIdentifier String userId) {}
