package dev.hamcp.bridge.api.audit;

import java.util.List;

/**
 * Keys of the metadata every command carries and every resulting event inherits: who did it, from
 * where and why. An actor is a user id, or {@link #SYSTEM_ACTOR} for the bridge itself.
 */
public final class AuditMetadata {

    public static final String ACTOR = "actor";
    public static final String CLIENT_IP = "clientIp";
    public static final String USER_AGENT = "userAgent";
    public static final String CORRELATION_ID = "correlationId";
    public static final String TOKEN_ID = "tokenId";
    public static final String REASON = "reason";
    public static final String SYSTEM_ACTOR = "system";

    /** Every key above, for the correlation data provider that copies them onto events. */
    public static final List<String> KEYS = List.of(ACTOR, CLIENT_IP, USER_AGENT, CORRELATION_ID, TOKEN_ID, REASON);

    private AuditMetadata() {}
}
