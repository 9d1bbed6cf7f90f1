package dev.hamcp.bridge.api.user;

/** A user stopped being an enabled administrator (demoted, disabled or deleted). */
public record AdminSeatReleased(String rosterId, String userId) implements AdminRosterEvent {}
