-- A resident's e-mail address, set only once proven by a code sent to it, and the language they chose
-- (en or hi), for the pages after sign-in and for the messages Tijori sends them.
ALTER TABLE account_resident ADD COLUMN email text;
ALTER TABLE account_resident ADD COLUMN email_verified_at timestamptz;
ALTER TABLE account_resident ADD COLUMN language text;

-- The one address a resident is proving: only a salted hash of its code is kept; five wrong tries end it.
CREATE TABLE account_email_code
(
    account_id   uuid        PRIMARY KEY REFERENCES account_resident (id) ON DELETE CASCADE,
    id           uuid        NOT NULL,
    email        text        NOT NULL,
    code_hash    bytea       NOT NULL,
    expires_at   timestamptz NOT NULL,
    last_sent_at timestamptz NOT NULL,
    attempts     int         NOT NULL
);
