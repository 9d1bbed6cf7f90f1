package dev.hamcp.bridge.api.user;

/** A login gave a wrong password. */
public record LoginFailed(String userId) implements UserEvent {}
