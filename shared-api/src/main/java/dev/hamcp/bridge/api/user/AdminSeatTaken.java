package dev.hamcp.bridge.api.user;

/** A user became an enabled administrator. */
public record AdminSeatTaken(String rosterId, String userId) implements AdminRosterEvent {}
