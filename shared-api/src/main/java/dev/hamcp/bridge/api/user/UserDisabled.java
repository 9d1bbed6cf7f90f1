package dev.hamcp.bridge.api.user;

/** The account may no longer log in or use any credential. */
public record UserDisabled(String userId) implements UserEvent {}
