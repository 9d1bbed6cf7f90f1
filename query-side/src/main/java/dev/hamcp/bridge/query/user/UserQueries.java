package dev.hamcp.bridge.query.user;

import dev.hamcp.bridge.api.user.FindSessionsOfUser;
import dev.hamcp.bridge.api.user.FindUser;
import dev.hamcp.bridge.api.user.FindUsers;
import dev.hamcp.bridge.api.user.Role;
import dev.hamcp.bridge.api.user.SessionSummary;
import dev.hamcp.bridge.api.user.UserSummary;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/** Answers the identity queries from the read model, reactively through R2DBC. */
@Component
class UserQueries {

    private static final String USER_COLUMNS =
            "user_id, username, email, role, enabled, must_change_password, registered_at, last_login_at, locked_until";

    private final DatabaseClient db;

    UserQueries(DatabaseClient db) {
        this.db = db;
    }

    @QueryHandler
    CompletableFuture<List<UserSummary>> handle(FindUsers query) {
        return db.sql("SELECT " + USER_COLUMNS + " FROM users ORDER BY lower(username)")
                .map(UserQueries::user)
                .all()
                .collectList()
                .toFuture();
    }

    /** Completes with {@code null} when there is no such user; callers ask for an optional response. */
    @QueryHandler
    CompletableFuture<UserSummary> handle(FindUser query) {
        return db.sql("SELECT " + USER_COLUMNS + " FROM users WHERE user_id = :id")
                .bind("id", query.userId())
                .map(UserQueries::user)
                .one()
                .toFuture();
    }

    @QueryHandler
    CompletableFuture<List<SessionSummary>> handle(FindSessionsOfUser query) {
        return db.sql("""
                        SELECT session_id, started_at, last_refreshed_at, expires_at, client_ip, user_agent
                        FROM user_sessions
                        WHERE user_id = :id AND ended_at IS NULL AND expires_at > now()
                        ORDER BY started_at DESC""")
                .bind("id", query.userId())
                .map(row -> new SessionSummary(
                        row.get("session_id", String.class),
                        instant(row, "started_at"),
                        instant(row, "last_refreshed_at"),
                        instant(row, "expires_at"),
                        row.get("client_ip", String.class),
                        row.get("user_agent", String.class)))
                .all()
                .collectList()
                .toFuture();
    }

    private static UserSummary user(Readable row) {
        return new UserSummary(
                row.get("user_id", String.class),
                row.get("username", String.class),
                row.get("email", String.class),
                Role.valueOf(row.get("role", String.class)),
                Boolean.TRUE.equals(row.get("enabled", Boolean.class)),
                Boolean.TRUE.equals(row.get("must_change_password", Boolean.class)),
                instant(row, "registered_at"),
                instant(row, "last_login_at"),
                instant(row, "locked_until"));
    }

    private static Instant instant(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
