package dev.hamcp.bridge.api.error;

/**
 * Every business error the bridge can answer with. The web edge turns each into an RFC 9457
 * problem whose {@code type} ends with {@link #slug()}; the slug is part of the public API and
 * never changes once released.
 */
public enum ErrorCode {
    MALFORMED_REQUEST("malformed-request"),
    VALIDATION_FAILED("validation-failed"),
    UNKNOWN_FIELD("unknown-field"),
    PAYLOAD_TOO_LARGE("payload-too-large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type"),
    METHOD_NOT_ALLOWED("method-not-allowed"),
    NOT_FOUND("not-found"),
    UNAUTHENTICATED("unauthenticated"),
    FORBIDDEN("forbidden"),
    PASSWORD_CHANGE_REQUIRED("password-change-required"),
    USERNAME_TAKEN("username-taken"),
    PASSWORD_POLICY("password-policy"),
    INVALID_CREDENTIALS("invalid-credentials"),
    ACCOUNT_LOCKED("account-locked"),
    INVALID_REFRESH_TOKEN("invalid-refresh-token"),
    WRONG_CURRENT_PASSWORD("wrong-current-password"),
    USER_NOT_FOUND("user-not-found"),
    SESSION_NOT_FOUND("session-not-found"),
    LAST_ADMIN("last-admin"),
    UPSTREAM_NOT_FOUND("upstream-not-found"),
    UPSTREAM_NAME_TAKEN("upstream-name-taken"),
    INVALID_UPSTREAM("invalid-upstream"),
    CONFLICT("conflict"),
    INVALID_TOOL_PATTERN("invalid-tool-pattern"),
    UNKNOWN_TOOL("unknown-tool"),
    PERMISSION_NOT_FOUND("permission-not-found"),
    TOKEN_NOT_FOUND("token-not-found"),
    TOKEN_REVOKED("token-revoked"),
    INVALID_NETWORK("invalid-network"),
    INVALID_EXPIRY("invalid-expiry"),
    EXCEEDS_OWN_RIGHTS("exceeds-own-rights"),
    ADDRESS_NOT_ALLOWED("address-not-allowed"),
    PERMISSION_DENIED("permission-denied"),
    HA_CONNECTION_NOT_FOUND("ha-connection-not-found"),
    HA_CONNECTION_NAME_TAKEN("ha-connection-name-taken"),
    INVALID_HA_CONNECTION("invalid-ha-connection"),
    TOO_MANY_HA_CONNECTIONS("too-many-ha-connections"),
    DESTINATION_REFUSED("destination-refused"),
    RATE_LIMITED("rate-limited"),
    OVERLOADED("overloaded"),
    UPSTREAM_UNAVAILABLE("upstream-unavailable"),
    UPSTREAM_TIMEOUT("upstream-timeout"),
    UNAVAILABLE("unavailable"),
    STARTING("starting");

    private final String slug;

    ErrorCode(String slug) {
        this.slug = slug;
    }

    public String slug() {
        return slug;
    }
}
