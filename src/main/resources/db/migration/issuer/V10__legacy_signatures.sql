-- RSA-SHA1 signatures from legacy issuers: refused unless an administrator allowed them for that issuer,
-- and every document accepted that way is marked, so that it is shown with a warning.
ALTER TABLE issuer_issuer ADD COLUMN allow_rsa_sha1 boolean NOT NULL DEFAULT false;
ALTER TABLE issuer_document ADD COLUMN legacy_signature boolean NOT NULL DEFAULT false;
