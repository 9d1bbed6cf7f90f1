package dev.hamcp.bridge.api.user;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Replaces the password after checking the current one; every session but {@code keepSessionId} ends. */
public record ChangePassword(
        @TargetAggregateIdentifier String userId,
        String keepSessionId,
        Password currentPassword,
        Password newPassword) {}
