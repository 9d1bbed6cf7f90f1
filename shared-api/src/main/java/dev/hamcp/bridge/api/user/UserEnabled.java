package dev.hamcp.bridge.api.user;

/** A disabled account may log in again. */
public record UserEnabled(String userId) implements UserEvent {}
