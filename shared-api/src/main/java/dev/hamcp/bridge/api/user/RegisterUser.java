package dev.hamcp.bridge.api.user;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Creates an account; the username is claimed case-insensitively in the same unit of work. */
public record RegisterUser(
        @TargetAggregateIdentifier String userId,
        String username,
        String email,
        Password password,
        Role role,
        boolean mustChangePassword) {}
