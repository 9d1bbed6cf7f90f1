package dev.hamcp.bridge.api.user;

/** The active sessions of one user. Answered with a list of {@link SessionSummary}. */
public record FindSessionsOfUser(String userId) {}
