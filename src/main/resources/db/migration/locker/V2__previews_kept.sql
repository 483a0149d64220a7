-- An upload that could not be drawn is remembered, so that its thumbnail is not tried again on every
-- request (a hostile file would cost a full drawing each time).
ALTER TABLE locker_upload ADD COLUMN thumbnail_failed boolean NOT NULL DEFAULT false;

-- Previews of issued documents, one per document in a resident's locker, kept for the PDF they were
-- drawn from (its SHA-256): a new version or a status change prints a new PDF, which is drawn again.
-- preview_blob is null when that PDF could not be drawn.
CREATE TABLE locker_issued_preview
(
    account_id   uuid        NOT NULL,
    uri          text        NOT NULL,
    pdf_sha256   text        NOT NULL,
    preview_blob uuid,
    drawn_at     timestamptz NOT NULL,
    PRIMARY KEY (account_id, uri)
);
