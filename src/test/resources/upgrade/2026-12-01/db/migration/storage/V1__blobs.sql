-- One row per stored blob. The content lives in the blob store under the blob's ID, encrypted with
-- a data key that only exists here, wrapped by the master key key_id.
CREATE TABLE storage_blob
(
    id          uuid        PRIMARY KEY,
    size        bigint      NOT NULL CHECK (size >= 0),
    sha256      bytea       NOT NULL CHECK (length(sha256) = 32),
    key_id      bigint      NOT NULL,
    wrapped_key bytea       NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE INDEX storage_blob_by_key ON storage_blob (key_id);

-- A blob that may exist in the store without a committed row: written before its row commits, or
-- deleted after its row is gone. The orphan collector settles each one after a grace period.
CREATE TABLE storage_blob_intent
(
    id         uuid        PRIMARY KEY,
    created_at timestamptz NOT NULL
);
CREATE INDEX storage_blob_intent_by_age ON storage_blob_intent (created_at);

-- Re-wrapping data keys under a new primary master key, with its progress.
CREATE TABLE storage_key_rotation
(
    id            uuid        PRIMARY KEY,
    target_key_id bigint      NOT NULL,
    state         text        NOT NULL,
    total         bigint      NOT NULL,
    done          bigint      NOT NULL,
    failed        bigint      NOT NULL,
    started_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    finished_at   timestamptz,
    problem       text
);
