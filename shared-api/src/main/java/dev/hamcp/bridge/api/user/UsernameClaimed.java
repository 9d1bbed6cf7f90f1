package dev.hamcp.bridge.api.user;

/** A username now belongs to a user. */
public record UsernameClaimed(String claimId, String username, String userId) implements UsernameClaimEvent {}
