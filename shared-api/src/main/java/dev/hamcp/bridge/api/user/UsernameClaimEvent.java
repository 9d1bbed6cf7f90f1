package dev.hamcp.bridge.api.user;

/**
 * Events of the aggregate that makes usernames unique: its identifier is the lower-cased username,
 * so two concurrent registrations of one name collide in the event store.
 */
public sealed interface UsernameClaimEvent permits UsernameClaimed, UsernameReleased {

    String claimId();
}
