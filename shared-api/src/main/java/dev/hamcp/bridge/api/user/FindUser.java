package dev.hamcp.bridge.api.user;

/** One account by id. Answered with an optional {@link UserSummary}. */
public record FindUser(String userId) {}
