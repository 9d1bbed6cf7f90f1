-- When and from where each API token was last used, and how many requests it authenticated.
-- Written in batches off the request path (not an event per request); not part of the audit
-- history, which holds the token's issue, changes and revocation.
CREATE TABLE api_token_usage (
    token_id     VARCHAR(64)  PRIMARY KEY,
    user_id      VARCHAR(64)  NOT NULL,
    last_used_at TIMESTAMPTZ  NOT NULL,
    last_ip      VARCHAR(64),
    uses         BIGINT       NOT NULL
);
CREATE INDEX api_token_usage_user ON api_token_usage (user_id);
