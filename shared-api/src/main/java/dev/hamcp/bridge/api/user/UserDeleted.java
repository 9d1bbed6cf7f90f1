package dev.hamcp.bridge.api.user;

/** The account was removed; its history stays in the event store. */
public record UserDeleted(String userId) implements UserEvent {}
