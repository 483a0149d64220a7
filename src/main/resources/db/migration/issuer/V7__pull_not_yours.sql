-- A search can end with a document that names someone other than the resident who searched: it is not taken.
ALTER TABLE issuer_pull DROP CONSTRAINT issuer_pull_state_check;
ALTER TABLE issuer_pull ADD CONSTRAINT issuer_pull_state_check
    CHECK (state IN ('RUNNING', 'FOUND', 'PENDING', 'NOT_FOUND', 'UNAVAILABLE', 'NOT_OFFERED', 'BAD_ANSWER',
                     'HELD_ELSEWHERE', 'NOT_YOURS', 'INTERRUPTED'));
