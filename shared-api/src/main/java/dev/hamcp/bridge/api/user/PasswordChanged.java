package dev.hamcp.bridge.api.user;

/** The password was replaced; {@code passwordHash} is a slow, salted hash. */
public record PasswordChanged(String userId, String passwordHash) implements UserEvent {

    @Override
    public String toString() {
        return "PasswordChanged[userId=" + userId + "]";
    }
}
