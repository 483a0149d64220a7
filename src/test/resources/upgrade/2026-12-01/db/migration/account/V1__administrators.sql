CREATE TABLE account_administrator
(
    id            uuid        PRIMARY KEY,
    username      text        NOT NULL,
    password_hash text        NOT NULL,
    created_at    timestamptz NOT NULL
);
CREATE UNIQUE INDEX account_administrator_username ON account_administrator (lower(username));
