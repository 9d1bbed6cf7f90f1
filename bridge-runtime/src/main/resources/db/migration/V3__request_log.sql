-- One row per call through the MCP gateway: who, with which credential, which tool on which
-- upstream, how it ended and how long and how big it was. Never the arguments or the result (they
-- may hold personal data), only their sizes. Written in batches off the call path; rows older than
-- bridge.request-log.retention are deleted. Not part of the event-sourced audit history.
CREATE TABLE request_log (
    id             BIGSERIAL    PRIMARY KEY,
    at             TIMESTAMPTZ  NOT NULL,
    user_id        VARCHAR(64),
    credential_id  VARCHAR(64),
    tool           VARCHAR(255),
    upstream       VARCHAR(128),
    outcome        VARCHAR(32)  NOT NULL,
    error_code     INTEGER,
    latency_ms     INTEGER      NOT NULL,
    request_bytes  INTEGER      NOT NULL,
    response_bytes INTEGER      NOT NULL,
    client_ip      VARCHAR(64)
);
CREATE INDEX request_log_user_at ON request_log (user_id, at);
CREATE INDEX request_log_credential_at ON request_log (credential_id, at);
CREATE INDEX request_log_at ON request_log (at);
