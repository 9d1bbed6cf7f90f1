package dev.hamcp.bridge.api.permission;

/**
 * The aggregate id of a user's permission policy. Prefixed, because the event store numbers events
 * per aggregate id whatever the type, and the user's own stream already uses the bare user id.
 */
public final class PermissionPolicyIds {

    public static final String PREFIX = "permissions:";

    private PermissionPolicyIds() {}

    public static String of(String userId) {
        return PREFIX + userId;
    }
}
