package dev.hamcp.bridge.api.limits;

/** The installation's run-time security limits: one aggregate, and the bounds every value keeps. */
public final class SecurityLimits {

    /** The aggregate id; no user, token or upstream id contains a colon, so it collides with none. */
    public static final String ID = "limits:installation";

    /** The largest per-user budget an administrator may set, requests a minute. */
    public static final long MOST_REQUESTS_PER_MINUTE = 100_000;

    /** The largest invalid-token allowance per client address an administrator may set, a minute. */
    public static final long MOST_INVALID_TOKENS_PER_MINUTE = 10_000;

    private SecurityLimits() {}
}
