-- How Tijori writes the x-digilocker-hmac header of its Pull URI requests to an issuer: Base64 of the raw
-- HMAC-SHA256 (what DigiLocker's specification says, and Tijori's way so far) or Base64 of its lower-case hex
-- string (what a number of live issuers check). The issuer chooses at registration; an administrator may change it.
ALTER TABLE issuer_issuer
    ADD COLUMN pull_hmac_encoding text NOT NULL DEFAULT 'BASE64'
        CHECK (pull_hmac_encoding IN ('BASE64', 'BASE64_OF_HEX'));

-- The API key an issuer chose at registration, sealed like the key in use, until approval makes it the key
-- in use (api_key_sealed) and clears it. Null when the issuer left Tijori to generate one.
ALTER TABLE issuer_issuer
    ADD COLUMN chosen_api_key_sealed bytea;

-- A doc type may ask for the MD5 of the national ID (UIDHash, sent in the UID element, as DigiLocker's current
-- issuer specification does) instead of the number itself.
ALTER TABLE issuer_doc_type DROP CONSTRAINT issuer_doc_type_resident_fields_check;
ALTER TABLE issuer_doc_type ADD CONSTRAINT issuer_doc_type_resident_fields_check
    CHECK (resident_fields <@ ARRAY ['UID', 'UIDHash', 'FullName', 'DOB']::text[]);
