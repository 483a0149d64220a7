-- Tijori's proof keys (ADR 22). Every public key ever made stays listed, so that papers it signed still verify.
CREATE TABLE verify_proof_key
(
    kid        text        PRIMARY KEY,
    -- 1 for the first key, one more for each rotation: nodes starting together make one key between them.
    generation integer     NOT NULL UNIQUE,
    public_jwk text        NOT NULL,
    created_at timestamptz NOT NULL,
    signs_from timestamptz NOT NULL,
    retired_at timestamptz
);

-- The private halves that may still sign: PKCS#8 sealed under the master keyset (context verify/proof-key),
-- deleted once a newer key signs.
CREATE TABLE verify_proof_private_key
(
    id     uuid  PRIMARY KEY,
    kid    text  NOT NULL UNIQUE REFERENCES verify_proof_key (kid),
    sealed bytea NOT NULL
);
