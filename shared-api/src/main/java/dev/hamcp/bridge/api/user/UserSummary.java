package dev.hamcp.bridge.api.user;

import java.time.Instant;

/** An account as the read model shows it: no hash, no secret. */
public record UserSummary(
        String userId,
        String username,
        String email,
        Role role,
        boolean enabled,
        boolean mustChangePassword,
        Instant registeredAt,
        Instant lastLoginAt,
        Instant lockedUntil) {}
