-- The tamper-evident chain over domain_event_entry (docs/audit.md). Written by the chain writer
-- only, after the events' own transactions have committed; never read by the command side.

-- One entry per position of the event store, in global order: an event (kind 'E', one position)
-- or a gap (kind 'G', positions first..last that no committed row held within the gap timeout).
-- leaf_index is the entry's place in the chain and in the Merkle tree of the checkpoints.
CREATE TABLE audit_chain_entry (
    leaf_index     BIGINT      PRIMARY KEY,
    kind           CHAR(1)     NOT NULL CHECK (kind IN ('E', 'G')),
    first_position BIGINT      NOT NULL UNIQUE,
    last_position  BIGINT      NOT NULL,
    row_digest     BYTEA,
    chain_hash     BYTEA       NOT NULL,
    leaf_hash      BYTEA       NOT NULL,
    chained_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT audit_chain_entry_shape CHECK (
        (kind = 'E' AND last_position = first_position AND row_digest IS NOT NULL)
        OR (kind = 'G' AND last_position >= first_position AND row_digest IS NULL))
);

-- One row, locked by whichever node chains a batch: the others skip it and stand by.
CREATE TABLE audit_chain_lock (
    id SMALLINT PRIMARY KEY CHECK (id = 1)
);
INSERT INTO audit_chain_lock (id) VALUES (1);

-- Signed tree heads over the chain's entries (RFC 9162 style), one per tree size. The signature
-- covers the text that docs/audit.md defines from tree_size, root_hash, head_hash, head_position
-- and issued_at; requested_by and the rest say who asked for an on-demand one, and are not signed.
CREATE TABLE audit_checkpoint (
    tree_size      BIGINT       PRIMARY KEY CHECK (tree_size > 0),
    root_hash      BYTEA        NOT NULL,
    head_hash      BYTEA        NOT NULL,
    head_position  BIGINT       NOT NULL,
    issued_at      TIMESTAMPTZ  NOT NULL,
    key_id         VARCHAR(64)  NOT NULL,
    signature      BYTEA        NOT NULL,
    requested_by   VARCHAR(255),
    client_ip      VARCHAR(64),
    correlation_id VARCHAR(64),
    reason         VARCHAR(500)
);
