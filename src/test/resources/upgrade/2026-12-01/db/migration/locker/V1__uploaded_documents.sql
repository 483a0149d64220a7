-- A resident's own folders: one level, names unique per resident.
CREATE TABLE locker_folder
(
    id         uuid        PRIMARY KEY,
    account_id uuid        NOT NULL,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL,
    UNIQUE (account_id, name)
);

-- Documents a resident uploaded. A deleted one stays in the recycle bin (deleted_at set) until it is
-- purged; it still counts towards the quota until then.
CREATE TABLE locker_upload
(
    id             uuid        PRIMARY KEY,
    account_id     uuid        NOT NULL,
    folder_id      uuid        REFERENCES locker_folder (id) ON DELETE SET NULL,
    name           text        NOT NULL,
    doc_type       text,
    media_type     text        NOT NULL,
    size           bigint      NOT NULL CHECK (size >= 0),
    blob_id        uuid        NOT NULL,
    sha256         text        NOT NULL,
    thumbnail_blob uuid,
    uploaded_at    timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    deleted_at     timestamptz
);
CREATE INDEX locker_upload_by_account ON locker_upload (account_id, uploaded_at DESC);
CREATE INDEX locker_upload_in_bin ON locker_upload (deleted_at) WHERE deleted_at IS NOT NULL;

-- Bytes each resident keeps; changed only by a conditional update, so that two parallel uploads
-- cannot pass the quota together.
CREATE TABLE locker_usage
(
    account_id uuid   PRIMARY KEY,
    used_bytes bigint NOT NULL CHECK (used_bytes >= 0)
);
