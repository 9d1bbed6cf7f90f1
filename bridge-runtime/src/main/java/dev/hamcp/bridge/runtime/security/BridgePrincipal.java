package dev.hamcp.bridge.runtime.security;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.user.Role;
import dev.hamcp.bridge.runtime.web.ApiException;

/**
 * Who is calling: the account, and the credential they presented: a login session's access token
 * ({@code sessionId}) or a personal API token ({@code tokenId}); the other one is null.
 *
 * @param narrowed whether the credential is an API token limited to a subset of its owner's
 *     rights: it then acts as a plain user, whatever the owner's role, and may not manage the
 *     account's credentials, because a token can only narrow its owner's rights
 */
public record BridgePrincipal(
        String userId,
        String username,
        Role role,
        String sessionId,
        String tokenId,
        boolean narrowed,
        boolean mustChangePassword) {

    /** Whether this request acts with an administrator's authority. */
    public boolean isAdmin() {
        return role == Role.ADMIN && !narrowed;
    }

    /** Refuses a narrowed token the account's password, sessions and other tokens. */
    public void assertMayManageCredentials() {
        if (narrowed) {
            throw new ApiException(
                    ErrorCode.FORBIDDEN,
                    "A narrowed API token may not manage the account's credentials; log in, or use a token"
                            + " without a permission subset.");
        }
    }

    /** The id of the credential presented, as the audit history and the request log name it. */
    public String credentialId() {
        return tokenId != null ? tokenId : sessionId;
    }
}
