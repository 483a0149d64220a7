-- Share links (issue 17): a resident hands one or several documents to one e-mail address, under their control.
-- Every table leads with account_id, the resident the share belongs to.

create table sharing_link (
    account_id           uuid        not null,
    id                   uuid        not null,
    -- SHA-256 of the link's token; the token itself is only in the recipient's e-mail.
    token_sha256         bytea       not null,
    sender_name          text        not null,
    recipient            text        not null,
    language             text        not null,
    created_at           timestamptz not null,
    expires_at           timestamptz not null,
    max_views            integer,
    views                integer     not null default 0,
    -- The access code's slow hash (the password encoder's), or null when the link needs none.
    access_code_hash     text,
    failed_codes         integer     not null default 0,
    download_allowed     boolean     not null,
    notify_first_opening boolean     not null,
    revoked_at           timestamptz,
    -- Why a share ended before its time: revoked (by the resident), document-deleted, account-closed.
    ended_reason         text,
    locked_at            timestamptz,
    primary key (account_id, id),
    constraint sharing_link_token unique (token_sha256),
    constraint sharing_link_id unique (id),
    constraint sharing_link_max_views check (max_views is null or max_views > 0)
);

create index sharing_link_account_created on sharing_link (account_id, created_at desc);

create table sharing_document (
    account_id uuid    not null,
    share_id   uuid    not null,
    position   integer not null,
    -- issued (reference: the document URI) or uploaded (reference: the upload's ID).
    kind       text    not null check (kind in ('issued', 'uploaded')),
    reference  text    not null,
    name       text    not null,
    primary key (account_id, share_id, position),
    foreign key (account_id, share_id) references sharing_link (account_id, id) on delete cascade
);

create index sharing_document_reference on sharing_document (account_id, kind, reference);

create table sharing_opening (
    account_id uuid        not null,
    share_id   uuid        not null,
    opened_at  timestamptz not null,
    -- The client's address cut to its network (/24, /48) and its browser's family: approximate on purpose.
    client     text        not null,
    agent      text        not null,
    what       text        not null,
    foreign key (account_id, share_id) references sharing_link (account_id, id) on delete cascade
);

create index sharing_opening_share on sharing_opening (account_id, share_id, opened_at);

-- A recipient's visit: one counted opening, then previews and downloads for a while without counting again.
create table sharing_visit (
    visit_sha256 bytea       primary key,
    account_id   uuid        not null,
    share_id     uuid        not null,
    expires_at   timestamptz not null,
    foreign key (account_id, share_id) references sharing_link (account_id, id) on delete cascade
);

create index sharing_visit_share on sharing_visit (account_id, share_id);
create index sharing_visit_expiry on sharing_visit (expires_at);
