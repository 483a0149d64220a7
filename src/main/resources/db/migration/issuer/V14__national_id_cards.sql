-- The signing keys of Tijori's built-in issuers (ADR 23): the national-ID authority signs the card that a
-- linked national ID puts among the resident's issued documents. The private key (PKCS #8) is sealed under
-- the master keyset (context issuer/authority-key) and re-sealed by a master-key rotation; the certificate
-- (DER) is also registered in issuer_certificate, so that verification accepts what the key signs.
CREATE TABLE issuer_authority_key
(
    id             uuid        PRIMARY KEY,
    issuer_id      text        NOT NULL UNIQUE REFERENCES issuer_issuer (issuer_id),
    private_sealed bytea       NOT NULL,
    certificate    bytea       NOT NULL,
    created_at     timestamptz NOT NULL
);
