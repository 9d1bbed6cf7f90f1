package dev.hamcp.bridge.api.user;

import java.time.Instant;

/** Too many failed logins in the window: every login is refused until {@code lockedUntil}. */
public record AccountLocked(String userId, Instant lockedUntil, int failedAttempts) implements UserEvent {}
