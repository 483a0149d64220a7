-- Whether a resident with a verified e-mail address also gets each notice digest by e-mail; on unless they switch it
-- off. The per-kind switches apply to e-mail as to SMS.
ALTER TABLE notification_preference ADD COLUMN by_email boolean NOT NULL DEFAULT true;
