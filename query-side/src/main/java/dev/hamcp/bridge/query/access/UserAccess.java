package dev.hamcp.bridge.query.access;

import dev.hamcp.bridge.api.user.Role;
import java.time.Instant;
import java.util.Map;

/**
 * What the hot path needs to know about one account, as of the aggregate event {@code sequence}.
 * Immutable: the view swaps whole values, so readers never see half an update.
 */
public record UserAccess(
        String userId,
        String username,
        String email,
        Role role,
        boolean enabled,
        boolean mustChangePassword,
        boolean deleted,
        Map<String, Instant> sessionExpiries,
        long sequence) {

    public UserAccess {
        sessionExpiries = Map.copyOf(sessionExpiries);
    }

    /** Whether a credential issued for {@code sessionId} may be used at {@code now}. */
    public boolean admits(String sessionId, Instant now) {
        if (!enabled || deleted || sessionId == null) {
            return false;
        }
        Instant expiry = sessionExpiries.get(sessionId);
        return expiry != null && now.isBefore(expiry);
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
