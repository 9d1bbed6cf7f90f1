package dev.hamcp.bridge.api.user;

/** Every account, for administrators. Answered with a list of {@link UserSummary}. */
public record FindUsers() {}
