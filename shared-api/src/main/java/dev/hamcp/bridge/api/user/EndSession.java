package dev.hamcp.bridge.api.user;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Ends one of the user's sessions (logout, or revocation from the session list). */
public record EndSession(@TargetAggregateIdentifier String userId, String sessionId, SessionEndReason reason) {}
