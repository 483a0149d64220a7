-- Secrets the application makes for itself (the key behind look-up fingerprints), created once by
-- the first node that needs one and kept only sealed by the master keyset, with the associated data
-- 'tijori/secret/<name>'. Key rotation re-seals them along with the data keys.
CREATE TABLE storage_secret
(
    name       text        PRIMARY KEY,
    sealed     bytea       NOT NULL,
    created_at timestamptz NOT NULL
);
