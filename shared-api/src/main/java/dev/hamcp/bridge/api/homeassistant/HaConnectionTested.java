package dev.hamcp.bridge.api.homeassistant;

/** A saved connection was tested; the result holds nothing secret. */
public record HaConnectionTested(String userId, String connectionId, ConnectionTestResult result)
        implements HaConnectionEvent {}
