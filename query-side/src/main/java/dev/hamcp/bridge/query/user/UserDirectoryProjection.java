package dev.hamcp.bridge.query.user;

import dev.hamcp.bridge.api.audit.AuditMetadata;
import dev.hamcp.bridge.api.user.AccountLocked;
import dev.hamcp.bridge.api.user.CurrentPasswordRejected;
import dev.hamcp.bridge.api.user.LoginFailed;
import dev.hamcp.bridge.api.user.PasswordChanged;
import dev.hamcp.bridge.api.user.SessionEnded;
import dev.hamcp.bridge.api.user.SessionRefreshed;
import dev.hamcp.bridge.api.user.SessionStarted;
import dev.hamcp.bridge.api.user.UserDeleted;
import dev.hamcp.bridge.api.user.UserDisabled;
import dev.hamcp.bridge.api.user.UserEnabled;
import dev.hamcp.bridge.api.user.UserEvent;
import dev.hamcp.bridge.api.user.UserRegistered;
import dev.hamcp.bridge.api.user.UserRoleChanged;
import java.sql.Timestamp;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Projects accounts and their sessions into the {@code users} and {@code user_sessions} tables.
 *
 * <p>It runs in a pooled streaming processor whose token is stored in the same transaction as
 * these writes, so every event takes effect exactly once. Times come from the events, never from
 * the clock, so a replay rebuilds identical rows.
 */
@Component
@ProcessingGroup(UserDirectoryProjection.PROCESSOR)
class UserDirectoryProjection {

    static final String PROCESSOR = "user-directory";

    private final JdbcTemplate jdbc;
    private final PersonalData personalData;

    UserDirectoryProjection(JdbcTemplate jdbc, PersonalData personalData) {
        this.jdbc = jdbc;
        this.personalData = personalData;
    }

    @EventHandler
    void on(UserEvent event, @org.axonframework.eventhandling.Timestamp Instant at, MetaData metaData) {
        switch (event) {
            case UserRegistered e ->
                jdbc.update(
                        """
                    INSERT INTO users (user_id, username, email, role, enabled, must_change_password, registered_at)
                    VALUES (?, ?, ?, ?, TRUE, ?, ?) ON CONFLICT (user_id) DO NOTHING""",
                        e.userId(),
                        e.username(),
                        personalData.emailOf(e),
                        e.role().name(),
                        e.mustChangePassword(),
                        ts(at));
            case SessionStarted e -> {
                jdbc.update(
                        """
                        INSERT INTO user_sessions (session_id, user_id, started_at, expires_at, client_ip, user_agent)
                        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (session_id) DO NOTHING""",
                        e.sessionId(),
                        e.userId(),
                        ts(at),
                        ts(e.expiresAt()),
                        text(metaData, AuditMetadata.CLIENT_IP),
                        text(metaData, AuditMetadata.USER_AGENT));
                jdbc.update(
                        "UPDATE users SET last_login_at = ?, locked_until = NULL WHERE user_id = ?",
                        ts(at),
                        e.userId());
            }
            case SessionRefreshed e ->
                jdbc.update(
                        "UPDATE user_sessions SET last_refreshed_at = ?, expires_at = ? WHERE session_id = ?",
                        ts(at),
                        ts(e.expiresAt()),
                        e.sessionId());
            case SessionEnded e ->
                jdbc.update(
                        "UPDATE user_sessions SET ended_at = ?, end_reason = ? WHERE session_id = ? AND ended_at IS NULL",
                        ts(at),
                        e.reason().name(),
                        e.sessionId());
            case AccountLocked e ->
                jdbc.update("UPDATE users SET locked_until = ? WHERE user_id = ?", ts(e.lockedUntil()), e.userId());
            case PasswordChanged e ->
                jdbc.update("UPDATE users SET must_change_password = FALSE WHERE user_id = ?", e.userId());
            case UserDisabled e -> jdbc.update("UPDATE users SET enabled = FALSE WHERE user_id = ?", e.userId());
            case UserEnabled e -> jdbc.update("UPDATE users SET enabled = TRUE WHERE user_id = ?", e.userId());
            case UserRoleChanged e ->
                jdbc.update(
                        "UPDATE users SET role = ? WHERE user_id = ?", e.role().name(), e.userId());
            case UserDeleted e -> {
                jdbc.update("DELETE FROM user_sessions WHERE user_id = ?", e.userId());
                jdbc.update("DELETE FROM users WHERE user_id = ?", e.userId());
            }
            case LoginFailed e -> {
                // Failed attempts live in the audit history; the directory shows only the resulting lock.
            }
            case CurrentPasswordRejected e -> {
                // Failed attempts live in the audit history; the directory shows only the resulting lock.
            }
        }
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM user_sessions");
        jdbc.update("DELETE FROM users");
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static String text(MetaData metaData, String key) {
        Object value = metaData.get(key);
        return value == null ? null : value.toString();
    }
}
