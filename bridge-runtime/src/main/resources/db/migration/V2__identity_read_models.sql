-- Read models of the identity projection. Rebuilt from the event store on replay; they never hold
-- a password, a hash or a token.
CREATE TABLE users (
    user_id              VARCHAR(64)  PRIMARY KEY,
    username             VARCHAR(50)  NOT NULL,
    email                VARCHAR(254) NOT NULL,
    role                 VARCHAR(16)  NOT NULL,
    enabled              BOOLEAN      NOT NULL,
    must_change_password BOOLEAN      NOT NULL,
    registered_at        TIMESTAMPTZ  NOT NULL,
    last_login_at        TIMESTAMPTZ,
    locked_until         TIMESTAMPTZ
);
CREATE INDEX users_username_lower ON users (lower(username));

CREATE TABLE user_sessions (
    session_id        VARCHAR(64)  PRIMARY KEY,
    user_id           VARCHAR(64)  NOT NULL,
    started_at        TIMESTAMPTZ  NOT NULL,
    last_refreshed_at TIMESTAMPTZ,
    expires_at        TIMESTAMPTZ  NOT NULL,
    client_ip         VARCHAR(64),
    user_agent        VARCHAR(256),
    ended_at          TIMESTAMPTZ,
    end_reason        VARCHAR(32)
);
CREATE INDEX user_sessions_user ON user_sessions (user_id);
