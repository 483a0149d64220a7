-- An issuer may say how its documents print: an XSLT from its Certificate XML to Tijori's small
-- rendering vocabulary (Rendering / Section / Field), applied with external access switched off.
ALTER TABLE issuer_doc_type ADD COLUMN xslt text;
