package dev.hamcp.bridge.command.user;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.hamcp.bridge.api.error.BusinessError;
import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.secret.SealedText;
import dev.hamcp.bridge.api.user.*;
import dev.hamcp.bridge.command.secret.SecretCipher;
import java.time.Instant;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.spring.stereotype.Aggregate;

/** A person's account: credentials, lockout, role, standing and login sessions. */
@Aggregate(snapshotTriggerDefinition = "userSnapshotTrigger")
@JsonAutoDetect(
        fieldVisibility = Visibility.ANY,
        getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class User {

    @AggregateIdentifier
    private String userId;

    private String username;
    private Role role;
    private boolean enabled;
    private String passwordHash;
    private boolean mustChangePassword;
    // Members keep the lockout arithmetic and the session bookkeeping, each sourcing its own events.
    @AggregateMember
    private FailedLogins failedLogins = new FailedLogins();

    @AggregateMember
    private Sessions sessions = new Sessions();

    User() {}

    // Not a command handler: RegistrationHandler creates users, claiming the username in the same unit of work.
    // The email address is sealed under the user's own data key, made here in the command's transaction.
    User(RegisterUser cmd, PasswordHasher hasher, SecretCipher cipher) {
        PasswordPolicy.check(cmd.username(), cmd.password());
        String hash = hasher.hash(cmd.password());
        SealedText email = cmd.email() == null ? null : cipher.seal(cmd.userId(), cmd.email());
        apply(new UserRegistered(
                cmd.userId(), cmd.username(), null, email, hash, cmd.role(), cmd.mustChangePassword()));
    }

    // Refusals are returned, not thrown: an exception would roll back the LoginFailed that must be kept.
    @CommandHandler
    LoginOutcome handle(LogIn cmd, PasswordHasher hasher, LockoutPolicy policy) {
        // Always verify, before any early answer, so every refusal takes as long as a wrong password.
        boolean passwordMatches = hasher.verify(cmd.password(), passwordHash);
        Instant now = now();
        if (!enabled) {
            return LoginOutcome.rejected();
        }
        if (failedLogins.isLocked(now)) {
            return LoginOutcome.locked(failedLogins.lockedUntil());
        }
        if (!passwordMatches) {
            return failedLogins
                    .recordFailure(userId, new LoginFailed(userId), policy, now)
                    .map(LoginOutcome::locked)
                    .orElseGet(LoginOutcome::rejected);
        }
        assertNewSession(cmd.sessionId());
        apply(new SessionStarted(userId, cmd.sessionId(), cmd.refreshTokenHash(), cmd.refreshExpiresAt()));
        return LoginOutcome.started();
    }

    @CommandHandler
    RefreshOutcome handle(RefreshSession cmd) {
        return enabled ? sessions.refresh(userId, cmd, now()) : RefreshOutcome.REJECTED;
    }

    @CommandHandler
    void handle(EndSession cmd) {
        assertActiveSession(cmd.sessionId());
        apply(new SessionEnded(userId, cmd.sessionId(), cmd.reason()));
    }

    // A wrong current password counts as a failed login, so a stolen access token cannot guess it.
    @CommandHandler
    PasswordChangeOutcome handle(ChangePassword cmd, PasswordHasher hasher, LockoutPolicy policy) {
        boolean currentMatches = hasher.verify(cmd.currentPassword(), passwordHash);
        Instant now = now();
        if (failedLogins.isLocked(now)) {
            return PasswordChangeOutcome.locked(failedLogins.lockedUntil());
        }
        if (!currentMatches) {
            return failedLogins
                    .recordFailure(userId, new CurrentPasswordRejected(userId), policy, now)
                    .map(PasswordChangeOutcome::locked)
                    .orElseGet(PasswordChangeOutcome::wrongCurrentPassword);
        }
        PasswordPolicy.checkChange(username, cmd.currentPassword(), cmd.newPassword());
        apply(new PasswordChanged(userId, hasher.hash(cmd.newPassword())));
        sessions.endActive(userId, SessionEndReason.PASSWORD_CHANGED, cmd.keepSessionId(), now);
        return PasswordChangeOutcome.changed();
    }

    void disable() {
        if (enabled) {
            apply(new UserDisabled(userId));
            sessions.endActive(userId, SessionEndReason.USER_DISABLED, null, now());
        }
    }

    void enable() {
        if (!enabled) {
            apply(new UserEnabled(userId));
        }
    }

    void changeRole(Role newRole) {
        if (role != newRole) {
            apply(new UserRoleChanged(userId, newRole));
        }
    }

    void delete() {
        sessions.endActive(userId, SessionEndReason.USER_DELETED, null, now());
        apply(new UserDeleted(userId));
    }

    boolean isEnabledAdmin() {
        return enabled && role == Role.ADMIN;
    }

    String username() {
        return username;
    }

    private void assertNewSession(String sessionId) {
        if (sessions.contains(sessionId)) {
            throw BusinessError.reject(ErrorCode.CONFLICT, "A session with this id already exists.");
        }
    }

    private void assertActiveSession(String sessionId) {
        if (!sessions.isActive(sessionId, now())) {
            throw BusinessError.reject(ErrorCode.SESSION_NOT_FOUND, "No such session.");
        }
    }

    // The message clock, which Axon's test fixture sets, so tests decide what "now" is.
    private static Instant now() {
        return GenericEventMessage.clock.instant();
    }

    @EventSourcingHandler
    void on(UserRegistered e) {
        userId = e.userId();
        username = e.username();
        role = e.role();
        enabled = true;
        passwordHash = e.passwordHash();
        mustChangePassword = e.mustChangePassword();
    }

    @EventSourcingHandler
    void on(PasswordChanged e) {
        passwordHash = e.passwordHash();
        mustChangePassword = false;
    }

    @EventSourcingHandler
    void on(UserDisabled e) {
        enabled = false;
    }

    @EventSourcingHandler
    void on(UserEnabled e) {
        enabled = true;
    }

    @EventSourcingHandler
    void on(UserRoleChanged e) {
        role = e.role();
    }

    // Marked here rather than in delete(), so a replay also knows the user is gone.
    @EventSourcingHandler
    void on(UserDeleted e) {
        AggregateLifecycle.markDeleted();
    }
}
