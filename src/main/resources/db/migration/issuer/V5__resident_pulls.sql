-- Searches (Pull URI) that residents started from the pages or the locker API. The node that took one
-- runs it in the background; the row lets any node answer how far it is, to the resident who started it
-- only. The search parameters (roll numbers and the like) are not kept: only the issuer needs them.
CREATE TABLE issuer_pull
(
    account_id   uuid        NOT NULL,
    id           uuid        NOT NULL,
    issuer_id    text        NOT NULL REFERENCES issuer_issuer (issuer_id),
    doc_type     text        NOT NULL,
    state        text        NOT NULL CHECK (state IN ('RUNNING', 'FOUND', 'PENDING', 'NOT_FOUND', 'UNAVAILABLE',
                                                       'NOT_OFFERED', 'BAD_ANSWER', 'HELD_ELSEWHERE', 'INTERRUPTED')),
    uri          text,
    detail       text,
    requested_at timestamptz NOT NULL,
    finished_at  timestamptz,
    PRIMARY KEY (account_id, id)
);
-- Old searches are forgotten, and a search still running long after it started was lost with its node.
CREATE INDEX issuer_pull_by_time ON issuer_pull (requested_at);
