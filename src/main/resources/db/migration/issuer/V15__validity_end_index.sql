-- What the notification module's validity reminders look for once a day across every locker: valid documents
-- delivered to a resident, by the last day of their validity.
CREATE INDEX issuer_document_validity_end ON issuer_document (valid_to, uri)
    WHERE status = 'ACTIVE' AND account_id IS NOT NULL AND valid_to IS NOT NULL;
