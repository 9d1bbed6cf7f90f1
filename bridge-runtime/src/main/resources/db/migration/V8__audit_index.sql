-- The audit trail's index: one row per event of the store, at its global position, with who did
-- it and whom and what it concerns, so the administrators' audit list filters a million events in
-- milliseconds. Payload and metadata stay in domain_event_entry (joined on the position); nothing
-- here is secret. Filled by the audit-index processor, idempotent on the position, rebuilt by a
-- replay (see docs/audit-trail.md).
CREATE TABLE audit_event (
    position        BIGINT       PRIMARY KEY,
    at              TIMESTAMPTZ  NOT NULL,
    type            VARCHAR(128) NOT NULL,
    actor           VARCHAR(64),
    actor_token_id  VARCHAR(64),
    subject_user    VARCHAR(64),
    token_id        VARCHAR(64),
    connection_id   VARCHAR(64),
    upstream_id     VARCHAR(128),
    correlation_id  VARCHAR(128),
    client_ip       VARCHAR(64),
    failed          BOOLEAN      NOT NULL DEFAULT FALSE
);
-- Every filter is read newest first on the position: each index ends with it, so a filter and
-- the order are one backward index scan.
CREATE INDEX audit_event_actor ON audit_event (actor, position);
CREATE INDEX audit_event_actor_token ON audit_event (actor_token_id, position) WHERE actor_token_id IS NOT NULL;
CREATE INDEX audit_event_subject_user ON audit_event (subject_user, position) WHERE subject_user IS NOT NULL;
CREATE INDEX audit_event_token ON audit_event (token_id, position) WHERE token_id IS NOT NULL;
CREATE INDEX audit_event_connection ON audit_event (connection_id, position) WHERE connection_id IS NOT NULL;
CREATE INDEX audit_event_upstream ON audit_event (upstream_id, position) WHERE upstream_id IS NOT NULL;
CREATE INDEX audit_event_correlation ON audit_event (correlation_id, position) WHERE correlation_id IS NOT NULL;
CREATE INDEX audit_event_client_ip ON audit_event (client_ip, position);
CREATE INDEX audit_event_type ON audit_event (type, position);
-- The statistics count events of a few types per hour or day.
CREATE INDEX audit_event_type_at ON audit_event (type, at);
CREATE INDEX audit_event_at ON audit_event (at);

-- Presented bearer or mcp_ tokens that were unknown, expired, revoked or forged, counted per hour
-- and kind of credential. Counted in memory and added here in batches, off the request path;
-- never the token, and not the address either (one row per scanning address would let a scan
-- grow the table; the log line of each refusal names the address).
CREATE TABLE invalid_token_attempts (
    hour      TIMESTAMPTZ NOT NULL,
    kind      VARCHAR(16) NOT NULL,
    attempts  BIGINT      NOT NULL,
    PRIMARY KEY (hour, kind)
);
