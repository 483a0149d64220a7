-- E-mail waiting to be delivered, stored in the sender's transaction (MailOutbox) and sent after it commits
-- by any node: a node claims a batch (claimed_by, claimed_until) with FOR UPDATE SKIP LOCKED, so that no two
-- nodes send the same message, and a claim left by a node that died runs out and is taken again.
CREATE TABLE notification_mail_outbox
(
    id              uuid         NOT NULL PRIMARY KEY,
    recipient       varchar(254) NOT NULL,
    subject         varchar(200) NOT NULL,
    text_body       text         NOT NULL,
    html_body       text,
    created_at      timestamptz  NOT NULL,
    attempts        int          NOT NULL DEFAULT 0,
    next_attempt_at timestamptz  NOT NULL,
    claimed_by      uuid,
    claimed_until   timestamptz,
    sent_at         timestamptz,
    failed_at       timestamptz,
    -- why the last attempt failed, in a line: never a stack trace, never the message's body
    last_error      varchar(300)
);

-- What the dispatcher looks for: messages neither sent nor given up, by when they are due.
CREATE INDEX notification_mail_outbox_due_idx ON notification_mail_outbox (next_attempt_at)
    WHERE sent_at IS NULL AND failed_at IS NULL;
-- What the purge looks for: messages finished (sent or given up), by when.
CREATE INDEX notification_mail_outbox_sent_idx ON notification_mail_outbox (sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX notification_mail_outbox_failed_idx ON notification_mail_outbox (failed_at) WHERE failed_at IS NOT NULL;
