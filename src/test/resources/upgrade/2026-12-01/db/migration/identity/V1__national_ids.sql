-- A resident's linked national ID: sealed under the master keyset, found by a keyed fingerprint,
-- shown by its last four digits. One national ID links to at most one locker at a time.
CREATE TABLE identity_national_id
(
    account_id      uuid        PRIMARY KEY,
    uid_fingerprint bytea       NOT NULL UNIQUE,
    uid_sealed      bytea       NOT NULL,
    last_four       text        NOT NULL,
    name            text        NOT NULL,
    dob             date        NOT NULL,
    gender          text        NOT NULL,
    linked_at       timestamptz NOT NULL
);

-- Accounts at external OpenID Connect providers that a resident linked to the locker.
CREATE TABLE identity_external_login
(
    provider   text        NOT NULL,
    subject    text        NOT NULL,
    account_id uuid        NOT NULL,
    linked_at  timestamptz NOT NULL,
    PRIMARY KEY (provider, subject)
);
CREATE INDEX identity_external_login_by_account ON identity_external_login (account_id);
