-- Residents: one locker each. The Locker ID is what issuers and requesters know (digilockerid);
-- the account ID stays inside Tijori.
CREATE TABLE account_resident
(
    id                  uuid        PRIMARY KEY,
    locker_id           uuid        NOT NULL UNIQUE,
    username            text        NOT NULL,
    password_hash       text        NOT NULL,
    mobile              text        NOT NULL,
    status              text        NOT NULL,
    created_at          timestamptz NOT NULL,
    password_changed_at timestamptz NOT NULL,
    deletion_due_at     timestamptz
);
CREATE UNIQUE INDEX account_resident_username ON account_resident (lower(username));
-- One account per mobile number.
CREATE UNIQUE INDEX account_resident_mobile ON account_resident (mobile);

-- One-time passwords: only a salted hash of the code is kept; each belongs to one purpose and one
-- flow (a random token held in the session of the browser that asked for it).
CREATE TABLE account_otp
(
    id           uuid        PRIMARY KEY,
    purpose      text        NOT NULL,
    flow         text        NOT NULL UNIQUE,
    mobile       text        NOT NULL,
    subject      text,
    delivered    boolean     NOT NULL,
    code_hash    bytea       NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    last_sent_at timestamptz NOT NULL,
    attempts     int         NOT NULL,
    consumed_at  timestamptz
);
CREATE INDEX account_otp_by_expiry ON account_otp (expires_at);

-- Bucket4j token buckets for rate limits that hold across nodes.
CREATE TABLE account_rate_limit
(
    id         text   PRIMARY KEY,
    state      bytea,
    expires_at bigint
);
CREATE INDEX account_rate_limit_by_expiry ON account_rate_limit (expires_at);
