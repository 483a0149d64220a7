-- ZIPs of PushUriRequest files that an issuer uploaded, processed in the background by one node at a
-- time. The ZIP itself is kept in the vault (it holds personal data) until it is processed.
CREATE TABLE issuer_bulk
(
    id           uuid        PRIMARY KEY,
    issuer_id    text        NOT NULL REFERENCES issuer_issuer (issuer_id),
    zip_blob     uuid,
    zip_sha256   text        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
    total        integer,
    problem      text,
    uploaded_at  timestamptz NOT NULL,
    started_at   timestamptz,
    finished_at  timestamptz,
    UNIQUE (issuer_id, zip_sha256)
);
CREATE INDEX issuer_bulk_queued ON issuer_bulk (uploaded_at) WHERE status IN ('QUEUED', 'RUNNING');

-- What became of each file of a bulk upload: its URI, or why it was refused. Progress is counted
-- from these rows.
CREATE TABLE issuer_bulk_item
(
    bulk_id  uuid    NOT NULL REFERENCES issuer_bulk (id),
    position integer NOT NULL,
    entry    text    NOT NULL,
    outcome  text    NOT NULL CHECK (outcome IN ('published', 'refused')),
    uri      text,
    code     text,
    reason   text,
    PRIMARY KEY (bulk_id, position)
);
