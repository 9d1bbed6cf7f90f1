-- Each owner's data key (a user, or "installation" for shared upstreams), sealed with AES-256-GCM
-- under the master key named master_key_id. Not in the event store, so that deleting a user can
-- destroy their key for good (crypto-shredding): the row stays as a tombstone with only its
-- owner and key id, so the owner never gets a new key for old secrets and errors can say why.
CREATE TABLE data_key (
    owner_id      VARCHAR(128) PRIMARY KEY,
    key_id        VARCHAR(64)  UNIQUE,
    master_key_id VARCHAR(64),
    nonce         BYTEA,
    wrapped_key   BYTEA,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    rewrapped_at  TIMESTAMPTZ,
    destroyed_at  TIMESTAMPTZ,
    CONSTRAINT data_key_live_or_destroyed CHECK (
        (destroyed_at IS NULL AND key_id IS NOT NULL AND master_key_id IS NOT NULL
            AND nonce IS NOT NULL AND wrapped_key IS NOT NULL)
        OR (destroyed_at IS NOT NULL AND master_key_id IS NULL AND nonce IS NULL AND wrapped_key IS NULL))
);
CREATE INDEX data_key_master_key ON data_key (master_key_id) WHERE wrapped_key IS NOT NULL;
