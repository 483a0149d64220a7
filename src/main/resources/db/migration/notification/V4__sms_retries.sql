-- A notice whose text message the SMS gateway did not take is tried again later rather than given up at once:
-- sms_tries counts the runs that tried it, sms_retry_at is when the next may. After tijori.notification.sms-tries
-- runs it is FAILED (and stays listed on the dashboard and in the e-mail digest).
ALTER TABLE notification_notice ADD COLUMN sms_tries integer NOT NULL DEFAULT 0;
ALTER TABLE notification_notice ADD COLUMN sms_retry_at timestamptz;
