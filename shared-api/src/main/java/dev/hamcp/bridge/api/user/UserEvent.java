package dev.hamcp.bridge.api.user;

/**
 * Every event of the User aggregate, so projections and replays can switch over them exhaustively.
 * Who caused each one (actor, client IP, correlation id) travels in the event's metadata.
 */
public sealed interface UserEvent
        permits UserRegistered,
                LoginFailed,
                CurrentPasswordRejected,
                AccountLocked,
                SessionStarted,
                SessionRefreshed,
                SessionEnded,
                PasswordChanged,
                UserDisabled,
                UserEnabled,
                UserRoleChanged,
                UserDeleted {

    String userId();
}
