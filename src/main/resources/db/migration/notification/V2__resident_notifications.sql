-- What a resident is told about the documents in their locker: one row per notice, created by the listeners of the
-- issuer module's events and by the validity reminder job. The unique key (kind, URI, occurrence) makes a
-- redelivered event or a second run of the job change nothing: occurrence names the version, status change or
-- validity end the notice is about.
CREATE TABLE notification_notice
(
    account_id uuid        NOT NULL,
    id         uuid        NOT NULL,
    kind       text        NOT NULL CHECK (kind IN ('ARRIVED', 'REVOKED', 'SUSPENDED', 'WITHDRAWN', 'EXPIRING')),
    uri        text        NOT NULL,
    doc_name   text        NOT NULL,
    occurrence text        NOT NULL,
    valid_to   date,
    created_at timestamptz NOT NULL,
    read_at    timestamptz,
    -- PENDING: waits for the SMS digest job; SENT; OFF: the resident wants no SMS of this kind; CAPPED: the
    -- resident's daily number of SMS was reached (the notice is still listed); FAILED: the provider refused it
    sms_state  text        NOT NULL CHECK (sms_state IN ('PENDING', 'SENT', 'OFF', 'CAPPED', 'FAILED')),
    PRIMARY KEY (account_id, id),
    UNIQUE (account_id, kind, uri, occurrence)
);
CREATE INDEX notification_notice_newest ON notification_notice (account_id, created_at DESC, id);
CREATE INDEX notification_notice_unread ON notification_notice (account_id) WHERE read_at IS NULL;
-- What the SMS digest job looks for: notices waiting for their text message, oldest first.
CREATE INDEX notification_notice_sms_due ON notification_notice (created_at) WHERE sms_state = 'PENDING';

-- Which notices a resident wants by SMS, one switch per kind; no row means every switch is on.
CREATE TABLE notification_preference
(
    account_id   uuid        NOT NULL PRIMARY KEY,
    arrivals     boolean     NOT NULL,
    withdrawals  boolean     NOT NULL,
    reminders    boolean     NOT NULL,
    changed_at   timestamptz NOT NULL
);

-- How many notice SMS a resident was sent on a day (India's date), for the daily cap.
CREATE TABLE notification_sms_day
(
    account_id uuid NOT NULL,
    day        date NOT NULL,
    sent       int  NOT NULL,
    PRIMARY KEY (account_id, day)
);
