package dev.hamcp.bridge.api.user;

/** An account was created. {@code passwordHash} is a slow, salted hash; never the password. */
public record UserRegistered(
        String userId, String username, String email, String passwordHash, Role role, boolean mustChangePassword)
        implements UserEvent {

    @Override
    public String toString() {
        return "UserRegistered[userId=" + userId + ", username=" + username + ", role=" + role + "]";
    }
}
