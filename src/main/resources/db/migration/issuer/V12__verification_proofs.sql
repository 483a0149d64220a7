-- A PDF Tijori drew before its QR code carried a proof (ADR 22) counts as absent: the next download draws it again.
ALTER TABLE issuer_document ADD COLUMN pdf_proof boolean NOT NULL DEFAULT false;
-- A Certificate XML a verifier uploads is found by its content.
CREATE INDEX issuer_document_by_xml_sha256 ON issuer_document (xml_sha256) WHERE xml_sha256 IS NOT NULL;
