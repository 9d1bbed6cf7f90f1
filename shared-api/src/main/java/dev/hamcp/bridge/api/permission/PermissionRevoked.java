package dev.hamcp.bridge.api.permission;

/** {@code userId}'s grant on {@code tool} was removed; the default policy applies to it again. */
public record PermissionRevoked(String userId, String tool) implements PermissionPolicyEvent {}
