-- The directory residents browse (issue 19): issuers by category, as DigiLocker groups them, and by the
-- state or union territory they serve (null: the whole country, or not said); issuers and doc types may
-- carry a Hindi name beside the English one, shown on Hindi pages and matched by the directory's search.
ALTER TABLE issuer_issuer DROP CONSTRAINT issuer_issuer_category_check;
ALTER TABLE issuer_issuer ADD CONSTRAINT issuer_issuer_category_check
    CHECK (category IN ('central', 'state', 'education', 'transport', 'banking', 'health', 'other'));
ALTER TABLE issuer_issuer ADD COLUMN state text CHECK (state ~ '^[a-z]{2}$');
ALTER TABLE issuer_issuer ADD COLUMN name_hi text;
ALTER TABLE issuer_doc_type ADD COLUMN name_hi text;

CREATE INDEX issuer_issuer_directory ON issuer_issuer (category, state) WHERE status = 'APPROVED';
