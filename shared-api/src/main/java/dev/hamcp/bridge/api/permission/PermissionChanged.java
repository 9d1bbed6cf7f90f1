package dev.hamcp.bridge.api.permission;

/** {@code userId}'s grant on {@code grant.tool()} changed from {@code previous}. */
public record PermissionChanged(String userId, Grant grant, Grant previous) implements PermissionPolicyEvent {}
