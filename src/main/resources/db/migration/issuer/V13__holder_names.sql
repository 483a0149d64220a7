-- The holder's name the Certificate XML gives (IssuedTo/Person@name), read when the version is taken, so that a
-- verification link (ADR 22) needs no decryption and parsing of the XML on each view of the document's page.
-- '' when the XML names no one; NULL without XML, and for a version taken before this column, whose name is read
-- from its XML at its next verification link and kept then.
ALTER TABLE issuer_document ADD COLUMN holder_name text;
