-- Which of the resident's details a doc type's search sends to its issuer (the PullURIRequest elements
-- UID, FullName, DOB), as the issuer declared at registration; none unless it did.
ALTER TABLE issuer_doc_type ADD COLUMN resident_fields text[] NOT NULL DEFAULT '{}'
    CHECK (resident_fields <@ ARRAY ['UID', 'FullName', 'DOB']::text[]);
-- Doc types registered before could not declare anything and received every detail; they keep receiving
-- them, so that their issuers' searches keep working (administrators see it on the issuers' page).
UPDATE issuer_doc_type SET resident_fields = ARRAY ['UID', 'FullName', 'DOB'];

