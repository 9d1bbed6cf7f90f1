package dev.hamcp.bridge.api.homeassistant;

/**
 * {@code connectionId} is now where the user's MCP calls go by default: chosen by the user, or
 * the first connection, or the oldest remaining one after the default was removed.
 */
public record DefaultHaConnectionChosen(String userId, String connectionId) implements HaConnectionEvent {}
