-- The e-sign CA that Tijori makes for itself at first start (issue 18), when the deployer gives none:
-- one row, made by the first node that starts; its private key is PKCS#8 sealed by the master keyset in
-- the context 'signing/esign-ca-key' (re-sealed by a master-key rotation), its certificate is DER.
CREATE TABLE signing_esign_ca
(
    id             uuid        PRIMARY KEY,
    name           text        NOT NULL UNIQUE,
    certificate    bytea       NOT NULL,
    private_sealed bytea       NOT NULL,
    created_at     timestamptz NOT NULL
);
