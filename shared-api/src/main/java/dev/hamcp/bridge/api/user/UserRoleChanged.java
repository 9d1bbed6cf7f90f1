package dev.hamcp.bridge.api.user;

/** The account's role changed. */
public record UserRoleChanged(String userId, Role role) implements UserEvent {}
