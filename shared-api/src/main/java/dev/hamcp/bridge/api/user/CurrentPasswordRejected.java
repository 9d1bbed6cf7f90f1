package dev.hamcp.bridge.api.user;

/** A password change gave a wrong current password: it counts towards the lockout as a failed login does. */
public record CurrentPasswordRejected(String userId) implements UserEvent {}
