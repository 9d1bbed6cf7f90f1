package dev.hamcp.bridge.api.user;

import dev.hamcp.bridge.api.secret.SealedText;

/**
 * An account was created. {@code passwordHash} is a slow, salted hash; never the password. The email
 * address is {@code sealedEmail}, under the user's own data key, so deleting the user shreds it;
 * {@code email} is only ever set in events written before addresses were sealed, and is null since.
 */
public record UserRegistered(
        String userId,
        String username,
        String email,
        SealedText sealedEmail,
        String passwordHash,
        Role role,
        boolean mustChangePassword)
        implements UserEvent {

    @Override
    public String toString() {
        return "UserRegistered[userId=" + userId + ", username=" + username + ", role=" + role + "]";
    }
}
