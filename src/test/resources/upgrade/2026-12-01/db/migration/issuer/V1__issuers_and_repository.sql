-- Issuers: boards, departments, universities that publish signed documents into the repository.
-- The client secret and the API key are kept sealed under the master keyset: Tijori must read them
-- back to check an issuer's HMACs and to sign its Pull URI requests.
CREATE TABLE issuer_issuer
(
    id                   uuid        PRIMARY KEY,
    issuer_id            text        NOT NULL UNIQUE,
    name                 text        NOT NULL,
    category             text        NOT NULL CHECK (category IN ('central', 'state', 'other')),
    contact_email        text        NOT NULL,
    pull_uri_url         text,
    status               text        NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'SUSPENDED')),
    client_id            text        UNIQUE,
    client_secret_sealed bytea,
    api_key_sealed       bytea,
    registered_at        timestamptz NOT NULL,
    status_changed_at    timestamptz NOT NULL
);

-- Every signing certificate an issuer has registered. Only the newest one (not retired) is accepted
-- for new documents; the older ones stay, so that what they signed can still be verified.
CREATE TABLE issuer_certificate
(
    id          uuid        PRIMARY KEY,
    issuer_id   text        NOT NULL REFERENCES issuer_issuer (issuer_id),
    certificate bytea       NOT NULL,
    fingerprint text        NOT NULL,
    added_at    timestamptz NOT NULL,
    retired_at  timestamptz,
    UNIQUE (issuer_id, fingerprint)
);
CREATE UNIQUE INDEX issuer_certificate_current ON issuer_certificate (issuer_id) WHERE retired_at IS NULL;

-- The document types an issuer publishes, with the search parameters a resident fills to pull one.
CREATE TABLE issuer_doc_type
(
    issuer_id         text  NOT NULL REFERENCES issuer_issuer (issuer_id),
    code              text  NOT NULL,
    name              text  NOT NULL,
    description       text  NOT NULL,
    search_parameters jsonb NOT NULL,
    PRIMARY KEY (issuer_id, code)
);

-- Transaction IDs of accepted pushes: a replayed request is refused. Kept for a day, far longer
-- than a request's timestamp stays acceptable.
CREATE TABLE issuer_push_txn
(
    issuer_id   text        NOT NULL,
    txn         text        NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (issuer_id, txn)
);
CREATE INDEX issuer_push_txn_by_time ON issuer_push_txn (received_at);

-- The repository: every version of every issued document. The signed Certificate XML (and the PDF)
-- live in the vault; the row keeps their references and hashes. A document is delivered to the
-- locker of the resident it names (account_id), or parked under the national ID's fingerprint
-- until that ID is linked. A URI pushed by locker ID without its content has no XML here: the
-- issuer keeps it and hands it out on request.
CREATE TABLE issuer_document
(
    id                uuid        PRIMARY KEY,
    uri               text        NOT NULL,
    version           integer     NOT NULL,
    issuer_id         text        NOT NULL REFERENCES issuer_issuer (issuer_id),
    doc_type          text        NOT NULL,
    doc_id            text        NOT NULL,
    doc_name          text        NOT NULL,
    status            text        NOT NULL CHECK (status IN ('ACTIVE', 'REVOKED', 'SUSPENDED', 'SUPERSEDED', 'DELETED')),
    issued_on         date,
    valid_from        date,
    valid_to          date,
    xml_blob          uuid,
    xml_sha256        text,
    pdf_blob          uuid,
    pdf_sha256        text,
    pdf_rendered      boolean     NOT NULL DEFAULT false,
    status_reason     text,
    signer            text,
    uid_fingerprint   bytea,
    account_id        uuid,
    delivered_at      timestamptz,
    published_at      timestamptz NOT NULL,
    status_changed_at timestamptz NOT NULL,
    UNIQUE (uri, version)
);
-- At most one live version of a URI; superseded and deleted versions are history.
CREATE UNIQUE INDEX issuer_document_live ON issuer_document (uri) WHERE status IN ('ACTIVE', 'REVOKED', 'SUSPENDED');
CREATE INDEX issuer_document_by_account ON issuer_document (account_id, published_at DESC) WHERE account_id IS NOT NULL;
CREATE INDEX issuer_document_parked ON issuer_document (uid_fingerprint) WHERE account_id IS NULL;
CREATE INDEX issuer_document_by_issuer ON issuer_document (issuer_id, published_at DESC);
