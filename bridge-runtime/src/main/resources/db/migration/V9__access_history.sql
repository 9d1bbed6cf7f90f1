-- Snapshots of the access model (accounts, grants, defaults, overrides, tokens, each with the event
-- that set it) every few thousand positions of the store, so that "who could do what at T" is
-- answered from the nearest one and the events after it, never from a replay of everything.
-- Derived data: dropping every row only makes answers slower until the job writes them again.
CREATE TABLE access_snapshot (
    position  BIGINT      PRIMARY KEY,
    latest_at TIMESTAMPTZ NOT NULL,
    state     BYTEA       NOT NULL,
    taken_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX access_snapshot_latest_at ON access_snapshot (latest_at);

-- The access history reads only the event types that change access, after a position.
CREATE INDEX domain_event_entry_type_position ON domain_event_entry (payload_type, global_index);
