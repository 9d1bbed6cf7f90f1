-- Every backup taken (docs/backup.md): who asked, from where and why, the checkpoint it was cut at,
-- and whether its stream was completed. A backup changes nothing of who may do what, so it is not
-- an event; like an on-demand checkpoint it is recorded here and logged. Not itself in an archive.
CREATE TABLE audit_backup (
    id             BIGSERIAL    PRIMARY KEY,
    started_at     TIMESTAMPTZ  NOT NULL,
    requested_by   VARCHAR(255) NOT NULL,
    client_ip      VARCHAR(64),
    correlation_id VARCHAR(64),
    reason         VARCHAR(500),
    tree_size      BIGINT       NOT NULL,
    head_position  BIGINT       NOT NULL,
    completed_at   TIMESTAMPTZ,
    events         BIGINT,
    sha256         VARCHAR(64)
);
CREATE INDEX audit_backup_started_at ON audit_backup (started_at);
