package dev.hamcp.bridge.runtime.mcp.gateway;

import dev.hamcp.bridge.api.user.Role;

/**
 * Who is calling through the gateway: the account, the credential they presented (a login session
 * or an API token) and where from. Never carries the credential itself.
 *
 * @param credentialId the session or API token id
 * @param tokenId the API token id, or null for a login session
 */
public record Caller(
        String userId,
        String username,
        Role role,
        String credentialId,
        String tokenId,
        String clientIp,
        Priority priority) {

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
