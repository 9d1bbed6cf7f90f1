package dev.hamcp.bridge.api.permission;

/** {@code userId} got a grant on a tool or pattern they had none for. */
public record PermissionGranted(String userId, Grant grant) implements PermissionPolicyEvent {}
