-- Entries recorded by requests and not yet chained. Appending here waits on no lock that other
-- requests hold; the chainer moves entries into audit_entry in batches, in one place at a time.
CREATE TABLE audit_inbox
(
    id          bigserial   PRIMARY KEY,
    occurred_at timestamptz NOT NULL,
    actor_type  text        NOT NULL,
    actor_id    text,
    action      text        NOT NULL,
    subject     text,
    ip          text,
    user_agent  text,
    details     text        NOT NULL
);

-- The chain. Each entry's hash covers the previous entry's hash and its own content.
CREATE TABLE audit_entry
(
    seq         bigint      PRIMARY KEY,
    occurred_at timestamptz NOT NULL,
    actor_type  text        NOT NULL,
    actor_id    text,
    action      text        NOT NULL,
    subject     text,
    ip          text,
    user_agent  text,
    details     text        NOT NULL,
    prev_hash   bytea       NOT NULL,
    hash        bytea       NOT NULL
);
CREATE INDEX audit_entry_by_actor ON audit_entry (actor_id, seq DESC) WHERE actor_id IS NOT NULL;
CREATE INDEX audit_entry_by_subject ON audit_entry (subject, seq DESC) WHERE subject IS NOT NULL;

-- The last chained entry, so that removing entries from the end is detected too.
CREATE TABLE audit_head
(
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    seq       bigint  NOT NULL,
    hash      bytea   NOT NULL
);
INSERT INTO audit_head (singleton, seq, hash) VALUES (true, 0, decode(repeat('00', 32), 'hex'));

-- Append-only: the application never changes or removes an entry. Someone with enough rights can
-- still bypass this; verification then finds what they did.
CREATE FUNCTION audit_entry_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'audit_entry is append-only: % is not allowed', TG_OP;
END
$$;
CREATE TRIGGER audit_entry_append_only
    BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change();
CREATE TRIGGER audit_entry_no_truncate
    BEFORE TRUNCATE ON audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_refuse_change();
