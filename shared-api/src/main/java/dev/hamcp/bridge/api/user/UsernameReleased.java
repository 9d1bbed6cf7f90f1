package dev.hamcp.bridge.api.user;

/** A deleted user's username became free again. */
public record UsernameReleased(String claimId, String userId) implements UsernameClaimEvent {}
