-- E-signings a resident started (issue 18): short-lived, single use. A signing waits for the code sent by SMS
-- (and the second factor when the account has one), is claimed by the request that signs, and ends signed, failed
-- or expired; DocumentSigning alone changes its status, each time by a conditional update from the status before.
CREATE TABLE locker_signing
(
    id               uuid        PRIMARY KEY,
    account_id       uuid        NOT NULL,
    upload_id        uuid        NOT NULL REFERENCES locker_upload (id) ON DELETE CASCADE,
    otp_flow         text        NOT NULL,
    reason           text,
    location         text,
    visible_page     integer     CHECK (visible_page >= 1),
    status           text        NOT NULL CHECK (status IN ('PENDING', 'SIGNING', 'SIGNED', 'FAILED', 'EXPIRED')),
    otp_confirmed    boolean     NOT NULL DEFAULT false,
    factor_failures  integer     NOT NULL DEFAULT 0,
    signed_upload_id uuid,
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    finished_at      timestamptz
);
CREATE INDEX locker_signing_by_account ON locker_signing (account_id, created_at DESC);
CREATE INDEX locker_signing_open ON locker_signing (expires_at) WHERE status IN ('PENDING', 'SIGNING');
