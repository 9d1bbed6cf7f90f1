package dev.hamcp.bridge.api.permission;

/**
 * Every event of a user's PermissionPolicy aggregate, so the permission view and replays can switch
 * over them exhaustively. The acting administrator travels in the event's metadata.
 */
public sealed interface PermissionPolicyEvent
        permits PermissionGranted, PermissionChanged, PermissionRevoked, PermissionsChangedInBulk {

    String userId();
}
