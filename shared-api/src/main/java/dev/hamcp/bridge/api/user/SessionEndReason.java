package dev.hamcp.bridge.api.user;

/** Why a login session stopped being valid; kept in the audit history. */
public enum SessionEndReason {
    LOGGED_OUT,
    REVOKED,
    REFRESH_TOKEN_REUSED,
    PASSWORD_CHANGED,
    USER_DISABLED,
    USER_DELETED
}
