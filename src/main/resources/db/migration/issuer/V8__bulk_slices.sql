-- Bulk uploads are kept as their files, inflated once when the upload arrived (zip_blob now names that
-- blob; uploads taken before still name their ZIP and are unpacked when their turn comes). They are
-- published in slices of a few seconds, issuers taking turns: served_at is when an upload's last slice
-- began, and the upload whose issuer was served longest ago goes next. A node holds an upload only for its
-- slice, by a lease (lease_token until lease_until) that another node takes over once it has run out;
-- next_position and next_offset say where the next slice begins.
ALTER TABLE issuer_bulk
    ADD COLUMN next_position integer NOT NULL DEFAULT 1,
    ADD COLUMN next_offset   bigint  NOT NULL DEFAULT 0,
    ADD COLUMN lease_token   uuid,
    ADD COLUMN lease_until   timestamptz,
    ADD COLUMN served_at     timestamptz;
CREATE INDEX issuer_bulk_turns ON issuer_bulk (issuer_id, served_at);
