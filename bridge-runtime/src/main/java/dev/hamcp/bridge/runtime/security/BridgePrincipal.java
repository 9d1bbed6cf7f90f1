package dev.hamcp.bridge.runtime.security;

import dev.hamcp.bridge.api.user.Role;

/**
 * Who is calling: the account, and the credential they presented: a login session's access token
 * ({@code sessionId}) or a personal API token ({@code tokenId}); the other one is null.
 */
public record BridgePrincipal(
        String userId, String username, Role role, String sessionId, String tokenId, boolean mustChangePassword) {

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** The id of the credential presented, as the audit history and the request log name it. */
    public String credentialId() {
        return tokenId != null ? tokenId : sessionId;
    }
}
