-- The live figures of every node (docs/monitoring.md): each node writes its one-second samples
-- (kept an hour) and its one-minute rollups (kept a day) here in batches, off the calls' path, so
-- any node can answer for all of them. Counts, latencies and gauges only: no user, token or secret.
CREATE TABLE node_metrics (
    node_id                VARCHAR(64)      NOT NULL,
    resolution             SMALLINT         NOT NULL CHECK (resolution IN (1, 60)),
    at                     TIMESTAMPTZ      NOT NULL,
    written_at             TIMESTAMPTZ      NOT NULL DEFAULT now(),
    outcomes               JSONB            NOT NULL,
    p50_ms                 DOUBLE PRECISION,
    p95_ms                 DOUBLE PRECISION,
    p99_ms                 DOUBLE PRECISION,
    max_ms                 DOUBLE PRECISION,
    queue_depth            INTEGER          NOT NULL,
    in_flight              INTEGER          NOT NULL,
    rate_limited_requests  BIGINT           NOT NULL,
    streamable_sessions    BIGINT           NOT NULL,
    legacy_sessions        BIGINT           NOT NULL,
    heap_used              BIGINT           NOT NULL,
    heap_max               BIGINT           NOT NULL,
    cpu                    DOUBLE PRECISION,
    breakers               JSONB            NOT NULL,
    connections_not_closed INTEGER          NOT NULL,
    PRIMARY KEY (resolution, at, node_id)
);
-- Open live streams look for other nodes' rows written in the last seconds.
CREATE INDEX node_metrics_written ON node_metrics (written_at);
