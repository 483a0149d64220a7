-- Access and refresh token hashes move to a table of their own, written once per token (ADR 23, "As built"). A
-- refresh rotation then rewrites the authorization row in place (a heap-only update: none of its indexed columns
-- change), where it used to add an entry to every one of the row's eleven indexes.
--
-- A token is live only while it is its authorization's current one (gateway_authorization.access_hash and
-- refresh_hash, now unindexed): an earlier refresh token of the same authorization is a spent one, presented again
-- only by a replay, which is why gateway_spent_refresh is no longer needed.
CREATE TABLE gateway_token
(
    hash             bytea PRIMARY KEY,
    authorization_id text  NOT NULL REFERENCES gateway_authorization (id) ON DELETE CASCADE,
    kind             text  NOT NULL CHECK (kind IN ('access', 'refresh'))
);
CREATE INDEX gateway_token_by_authorization ON gateway_token (authorization_id);

INSERT INTO gateway_token (hash, authorization_id, kind)
SELECT access_hash, id, 'access' FROM gateway_authorization WHERE access_hash IS NOT NULL;
INSERT INTO gateway_token (hash, authorization_id, kind)
SELECT refresh_hash, id, 'refresh' FROM gateway_authorization WHERE refresh_hash IS NOT NULL;
INSERT INTO gateway_token (hash, authorization_id, kind)
SELECT token_hash, authorization_id, 'refresh' FROM gateway_spent_refresh
ON CONFLICT (hash) DO NOTHING;
DROP TABLE gateway_spent_refresh;

ALTER TABLE gateway_authorization
    DROP CONSTRAINT gateway_authorization_access_hash_key,
    DROP CONSTRAINT gateway_authorization_refresh_hash_key;
-- Room on each page for the row's next versions.
ALTER TABLE gateway_authorization SET (fillfactor = 70);
