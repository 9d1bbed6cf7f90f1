package dev.hamcp.bridge.runtime.mcp.ratelimit;

/**
 * What a rate-limit key identifies. Keys of different scopes never share a budget, and the scope
 * (never the key) is the only tag on the refusal metric.
 */
public enum RateLimitScope {
    /** A user id: every call of one account, whatever credential it uses. */
    USER,
    /** An API token id: a token's own, usually smaller, budget. */
    TOKEN,
    /** A client IP that presented an invalid credential. */
    CLIENT_IP,
    /** A client IP whose sign-ins failed: a wrong password, an unknown username or a locked account. */
    SIGN_IN,
    /** A user id testing Home Assistant connections: each test reaches out to a URL the user chose. */
    CONNECTION_TEST
}
