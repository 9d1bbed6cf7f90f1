package dev.hamcp.bridge.runtime.mcp.gateway;

import dev.hamcp.bridge.api.user.Role;

/**
 * Who is calling through the gateway: the account, the credential they presented (a login session
 * now, an API token later) and where from. Never carries the credential itself.
 */
public record Caller(
        String userId, String username, Role role, String credentialId, String clientIp, Priority priority) {

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
