-- A downloaded PDF's stamped copy, made once per share and document and kept in the vault (issue 17, "Benchmarks"):
-- the stamp line is fixed for the share, so every download of the same document hands out the same bytes.
-- source_sha256 is the SHA-256 of the PDF the copy was stamped from (an issued document prints a new PDF with
-- a new version or status); a copy of an older PDF is replaced. The blob is deleted with the row: when the share
-- ends (revoked, its document deleted, the account closed) and, for a share that expired or was used up, by a
-- scheduled sweep. No cascade from sharing_link: a link cannot be deleted while a copy still names a blob.
create table sharing_stamped_copy (
    account_id    uuid        not null,
    share_id      uuid        not null,
    position      integer     not null,
    source_sha256 text        not null,
    blob_id       uuid        not null unique,
    size          bigint      not null,
    name          text        not null,
    media_type    text        not null,
    stamped_at    timestamptz not null,
    primary key (account_id, share_id, position),
    foreign key (account_id, share_id) references sharing_link (account_id, id)
);

create index sharing_stamped_copy_share on sharing_stamped_copy (share_id);
