package dev.hamcp.bridge.api.user;

/** What a {@link RefreshSession} came to. */
public enum RefreshOutcome {
    ROTATED,
    /** An already rotated token came back: the session was ended, as a stolen token may be in use. */
    REUSE_DETECTED,
    /** Unknown, expired or ended session, or a token that never belonged to it. */
    REJECTED
}
