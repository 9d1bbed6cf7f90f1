package dev.hamcp.bridge.api.homeassistant;

/** A user removed a connection. */
public record HaConnectionRemoved(String userId, String connectionId) implements HaConnectionEvent {}
