-- Pushes refused after the issuer proved who it is, with the reason, for the issuer's portal. A
-- request that does not prove its issuer is only in the activity trail: anyone could claim an orgId.
CREATE TABLE issuer_push_refusal
(
    id         bigserial   PRIMARY KEY,
    issuer_id  text        NOT NULL REFERENCES issuer_issuer (issuer_id),
    code       text        NOT NULL,
    reason     text        NOT NULL,
    txn        text,
    uri        text,
    refused_at timestamptz NOT NULL
);
CREATE INDEX issuer_push_refusal_by_issuer ON issuer_push_refusal (issuer_id, refused_at DESC);
