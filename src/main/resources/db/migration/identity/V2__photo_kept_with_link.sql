-- The photo the ID authority held when the national ID was linked (JPEG, sealed under the master keyset), kept with
-- the link so that the resident's pages never ask the authority again. photo_kept is false for links made before
-- this column: their photo is fetched once, at the first view, and kept then.
ALTER TABLE identity_national_id ADD COLUMN photo_sealed bytea;
ALTER TABLE identity_national_id ADD COLUMN photo_kept boolean NOT NULL DEFAULT false;
