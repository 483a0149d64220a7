-- What proved an issuer's request, kept while the request could still be taken, so that each proof is
-- taken once: DigiLocker's form credential (client ID, ts and their hash with the secret, which covers
-- nothing else and would otherwise be a bearer token for its whole lifetime) and the nonce of a request
-- that Tijori's own endpoints sign (API.md 4.5). The primary key decides between concurrent replays:
-- exactly one insert wins. Rows older than the request lifetime plus the clock skew are deleted.
CREATE TABLE issuer_spent_proof
(
    issuer_id text        NOT NULL,
    proof     text        NOT NULL,
    spent_at  timestamptz NOT NULL,
    PRIMARY KEY (issuer_id, proof)
);
CREATE INDEX issuer_spent_proof_by_time ON issuer_spent_proof (spent_at);
