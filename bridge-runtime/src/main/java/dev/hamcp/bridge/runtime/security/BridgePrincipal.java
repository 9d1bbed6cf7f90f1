package dev.hamcp.bridge.runtime.security;

import dev.hamcp.bridge.api.user.Role;

/** Who is calling: the account, and the login session whose credential they presented. */
public record BridgePrincipal(String userId, String username, Role role, String sessionId, boolean mustChangePassword) {

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
