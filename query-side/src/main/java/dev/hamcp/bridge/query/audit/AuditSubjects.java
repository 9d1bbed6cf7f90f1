package dev.hamcp.bridge.query.audit;

import dev.hamcp.bridge.api.homeassistant.HaConnectionEvent;
import dev.hamcp.bridge.api.homeassistant.HaConnectionTested;
import dev.hamcp.bridge.api.limits.SecurityLimitsEvent;
import dev.hamcp.bridge.api.maintenance.HousekeepingEvent;
import dev.hamcp.bridge.api.permission.InstallationPolicyEvent;
import dev.hamcp.bridge.api.permission.PermissionPolicyEvent;
import dev.hamcp.bridge.api.secret.KeyringEvent;
import dev.hamcp.bridge.api.token.ApiTokenEvent;
import dev.hamcp.bridge.api.upstream.UpstreamEvent;
import dev.hamcp.bridge.api.user.AdminRosterEvent;
import dev.hamcp.bridge.api.user.UserEvent;
import dev.hamcp.bridge.api.user.UsernameClaimEvent;
import dev.hamcp.bridge.api.user.UsernameClaimed;
import dev.hamcp.bridge.api.user.UsernameReleased;
import java.util.List;

/**
 * Whom and what one event concerns, for the audit index: the user it is about, the API token,
 * the Home Assistant connection, the upstream, and whether it records a failure (a connection
 * test that did not pass). Each event family of shared-api has its case; the installation-wide
 * ones (default policy, tool levels, the keyring, the security limits, housekeeping) concern no one in
 * particular. An event of a family written after this one still gets a row, with its type and
 * metadata only; {@code AuditSubjectsTest} fails until it is given its case here.
 */
public record AuditSubjects(String user, String tokenId, String connectionId, String upstreamId, boolean failed) {

    static final AuditSubjects NONE = new AuditSubjects(null, null, null, null, false);

    /** The event families of shared-api that {@link #of} knows, each with its case. */
    static final List<Class<?>> FAMILIES = List.of(
            UserEvent.class,
            ApiTokenEvent.class,
            HaConnectionEvent.class,
            PermissionPolicyEvent.class,
            AdminRosterEvent.class,
            UsernameClaimEvent.class,
            UpstreamEvent.class,
            InstallationPolicyEvent.class,
            KeyringEvent.class,
            SecurityLimitsEvent.class,
            HousekeepingEvent.class);

    public static AuditSubjects of(Object event) {
        return switch (event) {
            case UserEvent e -> user(e.userId());
            case ApiTokenEvent e -> new AuditSubjects(e.userId(), e.tokenId(), null, null, false);
            case HaConnectionEvent e ->
                new AuditSubjects(
                        e.userId(),
                        null,
                        e.connectionId(),
                        null,
                        e instanceof HaConnectionTested tested
                                && tested.result() != null
                                && !tested.result().ok());
            case PermissionPolicyEvent e -> user(e.userId());
            case AdminRosterEvent e -> user(e.userId());
            case UsernameClaimEvent e ->
                switch (e) {
                    case UsernameClaimed claimed -> user(claimed.userId());
                    case UsernameReleased released -> user(released.userId());
                };
            case UpstreamEvent e -> new AuditSubjects(null, null, null, e.name(), false);
            case InstallationPolicyEvent e -> NONE;
            case KeyringEvent e -> NONE;
            case SecurityLimitsEvent e -> NONE;
            case HousekeepingEvent e -> NONE;
            default -> NONE;
        };
    }

    private static AuditSubjects user(String userId) {
        return new AuditSubjects(userId, null, null, null, false);
    }
}
