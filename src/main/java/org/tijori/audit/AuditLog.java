package org.tijori.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tables behind the trail: {@code audit_inbox} (recorded, not yet chained), {@code audit_entry}
 * (the chain) and {@code audit_head} (the last chained entry).
 */
@Repository
class AuditLog {

    /** The key of the PostgreSQL advisory lock that makes one chainer run at a time, cluster-wide. */
    static final long CHAIN_LOCK = 0x7469_6a6f_7269_0001L;

    private static final String ENTRY_COLUMNS =
            "seq, occurred_at, actor_type, actor_id, action, subject, ip, user_agent, details";

    private final JdbcClient jdbc;

    private final JdbcTemplate template;

    private final JdbcTemplate streaming;

    private final TransactionTemplate chainTransaction;

    private final TransactionTemplate snapshotTransaction;

    AuditLog(JdbcClient jdbc, JdbcTemplate template, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.template = template;
        this.streaming = new JdbcTemplate(template.getDataSource());
        this.streaming.setFetchSize(1_000);
        this.chainTransaction = new TransactionTemplate(transactions);
        this.chainTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.snapshotTransaction = new TransactionTemplate(transactions);
        this.snapshotTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.snapshotTransaction.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.snapshotTransaction.setReadOnly(true);
    }

    /** Rows one insert writes at most (eight parameters each). */
    static final int MOST_A_STATEMENT = 1000;

    /**
     * Records an entry; it joins the caller's transaction, so it commits or rolls back with it. Within a
     * transaction the entries wait and are written together, in the order recorded, by one statement just before
     * the commit: a push records two, and every statement costs the database a round trip. An entry recorded
     * after that (another step of the commit) or outside a transaction is written at once.
     */
    void append(Instant occurredAt, Actor actor, String action, String subject, String ip, String userAgent,
            String details) {
        Pending entry = new Pending(OffsetDateTime.ofInstant(occurredAt, ZoneOffset.UTC), actor.type(), actor.id(),
                action, subject, ip, userAgent, details);
        if (!TransactionSynchronizationManager.isSynchronizationActive()
                || !TransactionSynchronizationManager.isActualTransactionActive()) {
            insert(List.of(entry));
            return;
        }
        Batch batch = (Batch) TransactionSynchronizationManager.getResource(this);
        if (batch != null && batch.written) {
            insert(List.of(entry));
            return;
        }
        if (batch == null) {
            batch = new Batch();
            TransactionSynchronizationManager.bindResource(this, batch);
            TransactionSynchronizationManager.registerSynchronization(batch);
        }
        batch.entries.add(entry);
    }

    /**
     * Writes entries by statements of at most {@link #MOST_A_STATEMENT} rows: PostgreSQL takes at most 65,535
     * parameters a statement, and a transaction may record more entries than that allows in one.
     */
    private void insert(List<Pending> entries) {
        for (int from = 0; from < entries.size(); from += MOST_A_STATEMENT) {
            insertRows(entries.subList(from, Math.min(entries.size(), from + MOST_A_STATEMENT)));
        }
    }

    private void insertRows(List<Pending> entries) {
        StringBuilder sql = new StringBuilder(
                "insert into audit_inbox (occurred_at, actor_type, actor_id, action, subject, ip, user_agent, details) values ");
        List<Object> parameters = new ArrayList<>(entries.size() * 8);
        for (int i = 0; i < entries.size(); i++) {
            sql.append(i == 0 ? "(?, ?, ?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?, ?, ?)");
            Pending entry = entries.get(i);
            parameters.addAll(Arrays.asList(entry.occurredAt(), entry.actorType(), entry.actorId(), entry.action(),
                    entry.subject(), entry.ip(), entry.userAgent(), entry.details()));
        }
        jdbc.sql(sql.toString()).params(parameters).update();
    }

    /** An entry recorded in a transaction and not yet written. */
    private record Pending(OffsetDateTime occurredAt, String actorType, String actorId, String action, String subject,
            String ip, String userAgent, String details) {
    }

    /** The entries of one transaction, written before it commits; nothing is written if it rolls back. */
    private final class Batch implements TransactionSynchronization {

        private final List<Pending> entries = new ArrayList<>(4);

        private boolean written;

        @Override
        public void beforeCommit(boolean readOnly) {
            written = true;
            if (!entries.isEmpty()) {
                insert(entries);
            }
        }

        /** A transaction started inside this one (REQUIRES_NEW) has entries of its own. */
        @Override
        public void suspend() {
            TransactionSynchronizationManager.unbindResourceIfPossible(AuditLog.this);
        }

        @Override
        public void resume() {
            TransactionSynchronizationManager.bindResource(AuditLog.this, this);
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(AuditLog.this);
        }

        @Override
        public int getOrder() {
            // Last of the steps before the commit, so that entries recorded by the others wait for this one.
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    /**
     * Moves up to {@code limit} recorded entries into the chain, in the order they were recorded.
     *
     * @param waitForLock whether to wait while another node chains; if not, such a call chains nothing
     * @return how many entries were chained
     */
    int chainBatch(int limit, boolean waitForLock) {
        Integer chained = chainTransaction.execute(status -> {
            if (waitForLock) {
                jdbc.sql("select pg_advisory_xact_lock(?)").param(CHAIN_LOCK).query((rs, n) -> 1).single();
            }
            else if (!Boolean.TRUE.equals(jdbc.sql("select pg_try_advisory_xact_lock(?)").param(CHAIN_LOCK)
                    .query(Boolean.class).single())) {
                return 0;
            }
            List<PendingEntry> pending = new ArrayList<>(jdbc.sql("""
                    delete from audit_inbox where id in (select id from audit_inbox order by id limit ?)
                    returning id, occurred_at, actor_type, actor_id, action, subject, ip, user_agent, details""")
                    .param(limit)
                    .query(AuditLog::pendingEntry)
                    .list());
            if (pending.isEmpty()) {
                return 0;
            }
            pending.sort(Comparator.comparingLong(PendingEntry::id));
            Head head = head();
            long seq = head.seq();
            byte[] previous = head.hash();
            List<Object[]> rows = new ArrayList<>(pending.size());
            for (PendingEntry p : pending) {
                seq++;
                AuditEntry entry = p.at(seq);
                byte[] hash = ChainHash.of(previous, entry);
                rows.add(new Object[] { seq, Timestamp.from(entry.occurredAt()), entry.actor().type(),
                        entry.actor().id(), entry.action(), entry.subject(), entry.ip(), entry.userAgent(),
                        entry.details(), previous, hash });
                previous = hash;
            }
            template.batchUpdate("insert into audit_entry (" + ENTRY_COLUMNS
                    + ", prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
            jdbc.sql("update audit_head set seq = ?, hash = ?").params(seq, previous).update();
            return pending.size();
        });
        return chained == null ? 0 : chained;
    }

    /**
     * Runs {@code reads} in one consistent snapshot: reads of the inbox and of the chain made apart would see an
     * entry twice, or not at all, when the chainer moves it from one to the other between them.
     */
    <T> T inOneSnapshot(java.util.function.Supplier<T> reads) {
        return snapshotTransaction.execute(status -> reads.get());
    }

    /** Checks the whole chain against the head, in one consistent snapshot, reading row by row. */
    AuditVerification verify() {
        return snapshotTransaction.execute(status -> {
            Head head = head();
            var check = new ChainCheck();
            streaming.query("select " + ENTRY_COLUMNS + ", prev_hash, hash from audit_entry where seq <= ? order by seq",
                    rs -> {
                        if (check.broken == null) {
                            check.next(entry(rs), rs.getBytes("prev_hash"), rs.getBytes("hash"));
                        }
                    }, head.seq());
            return check.result(head);
        });
    }

    List<AuditEntry> byActor(String actorId, int limit) {
        return jdbc.sql("select " + ENTRY_COLUMNS + " from audit_entry where actor_id = ? order by seq desc limit ?")
                .params(actorId, limit).query((rs, n) -> entry(rs)).list();
    }

    List<AuditEntry> bySubject(String subject, int limit) {
        return jdbc.sql("select " + ENTRY_COLUMNS + " from audit_entry where subject = ? order by seq desc limit ?")
                .params(subject, limit).query((rs, n) -> entry(rs)).list();
    }

    /**
     * Entries recorded by or about a resident's account that are not chained yet, newest first. The
     * inbox is drained every moment, so it holds few rows and needs no index.
     */
    List<AuditEntry> residentInbox(String accountId, ActivityFilter filter, int limit) {
        var params = residentParams(accountId, filter).addValue("limit", limit);
        return jdbc.sql("select 0 as seq, occurred_at, actor_type, actor_id, action, subject, ip, user_agent, details"
                + " from audit_inbox where ((actor_type = 'RESIDENT' and actor_id = :account) or subject = :account)"
                + conditions(filter) + " order by id desc limit :limit")
                .paramSource(params).query((rs, n) -> entry(rs)).list();
    }

    /**
     * Chained entries by or about a resident's account, older than {@code before}, newest first. Each
     * half of the union walks its own index backwards and stops at the limit.
     */
    List<AuditEntry> residentChain(String accountId, ActivityFilter filter, long before, int limit) {
        var params = residentParams(accountId, filter).addValue("before", before).addValue("limit", limit);
        return jdbc.sql(residentChainQuery(filter, true)).paramSource(params).query((rs, n) -> entry(rs)).list();
    }

    /** Every entry by or about a resident's account, newest first, read row by row in one snapshot. */
    void eachOfResident(String accountId, ActivityFilter filter, Consumer<AuditEntry> each) {
        snapshotTransaction.executeWithoutResult(status -> {
            var inbox = residentParams(accountId, filter);
            jdbc.sql("select 0 as seq, occurred_at, actor_type, actor_id, action, subject, ip, user_agent, details"
                    + " from audit_inbox where ((actor_type = 'RESIDENT' and actor_id = :account) or subject = :account)"
                    + conditions(filter) + " order by id desc")
                    .paramSource(inbox).query((rs, n) -> entry(rs)).list().forEach(each);
            var params = residentParams(accountId, filter).addValue("before", Long.MAX_VALUE);
            new NamedParameterJdbcTemplate(streaming).query(residentChainQuery(filter, false), params,
                    (RowCallbackHandler) rs -> each.accept(entry(rs)));
        });
    }

    private static String residentChainQuery(ActivityFilter filter, boolean limited) {
        String limit = limited ? " order by seq desc limit :limit" : "";
        String conditions = conditions(filter);
        return "select " + ENTRY_COLUMNS + " from ("
                + "(select " + ENTRY_COLUMNS + " from audit_entry where actor_type = 'RESIDENT' and actor_id = :account"
                + " and seq < :before" + conditions + limit + ") union "
                + "(select " + ENTRY_COLUMNS + " from audit_entry where subject = :account"
                + " and seq < :before" + conditions + limit + ")) mine order by seq desc" + (limited ? " limit :limit" : "");
    }

    private static MapSqlParameterSource residentParams(String accountId, ActivityFilter filter) {
        var params = new MapSqlParameterSource("account", accountId);
        if (!filter.actions().isEmpty()) {
            params.addValue("actions", List.copyOf(filter.actions()));
        }
        if (filter.from() != null) {
            params.addValue("from", OffsetDateTime.ofInstant(filter.from(), ZoneOffset.UTC));
        }
        if (filter.to() != null) {
            params.addValue("to", OffsetDateTime.ofInstant(filter.to(), ZoneOffset.UTC));
        }
        return params;
    }

    private static String conditions(ActivityFilter filter) {
        return (filter.actions().isEmpty() ? "" : " and action in (:actions)")
                + (filter.from() == null ? "" : " and occurred_at >= :from")
                + (filter.to() == null ? "" : " and occurred_at < :to");
    }

    long pendingCount() {
        return jdbc.sql("select count(*) from audit_inbox").query(Long.class).single();
    }

    private Head head() {
        return jdbc.sql("select seq, hash from audit_head").query((rs, n) -> new Head(rs.getLong(1), rs.getBytes(2)))
                .single();
    }

    private static AuditEntry entry(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getLong("seq"), instant(rs), new Actor(rs.getString("actor_type"),
                rs.getString("actor_id")), rs.getString("action"), rs.getString("subject"), rs.getString("ip"),
                rs.getString("user_agent"), rs.getString("details"));
    }

    private static PendingEntry pendingEntry(ResultSet rs, int row) throws SQLException {
        return new PendingEntry(rs.getLong("id"), instant(rs), new Actor(rs.getString("actor_type"),
                rs.getString("actor_id")), rs.getString("action"), rs.getString("subject"), rs.getString("ip"),
                rs.getString("user_agent"), rs.getString("details"));
    }

    private static Instant instant(ResultSet rs) throws SQLException {
        return rs.getObject("occurred_at", OffsetDateTime.class).toInstant();
    }

    private record Head(long seq, byte[] hash) {
    }

    private record PendingEntry(long id, Instant occurredAt, Actor actor, String action, String subject, String ip,
            String userAgent, String details) {

        AuditEntry at(long seq) {
            return new AuditEntry(seq, occurredAt, actor, action, subject, ip, userAgent, details);
        }
    }

    /** Walks the chain in order and remembers the first entry that does not fit. */
    private static final class ChainCheck {

        long checked;

        long expectedSeq = 1;

        byte[] previous = ChainHash.GENESIS;

        AuditVerification broken;

        void next(AuditEntry entry, byte[] storedPrevious, byte[] storedHash) {
            checked++;
            if (entry.sequence() != expectedSeq) {
                broken = AuditVerification.broken(checked, expectedSeq,
                        "entry " + expectedSeq + " is missing: it was removed");
                return;
            }
            if (!Arrays.equals(storedPrevious, previous)) {
                broken = AuditVerification.broken(checked, entry.sequence(), "entry " + entry.sequence()
                        + " does not follow entry " + (entry.sequence() - 1) + ": entries were removed or reordered");
                return;
            }
            byte[] hash = ChainHash.of(previous, entry);
            if (!Arrays.equals(hash, storedHash)) {
                broken = AuditVerification.broken(checked, entry.sequence(),
                        "entry " + entry.sequence() + " does not match its hash: it was altered");
                return;
            }
            previous = hash;
            expectedSeq++;
        }

        AuditVerification result(Head head) {
            if (broken != null) {
                return broken;
            }
            long last = expectedSeq - 1;
            if (last != head.seq()) {
                return AuditVerification.broken(checked, last + 1,
                        "entries " + (last + 1) + " to " + head.seq() + " are missing: they were removed");
            }
            if (!Arrays.equals(previous, head.hash())) {
                return AuditVerification.broken(checked, last,
                        "entry " + last + " is not the entry the chain ended with: the end of the chain was replaced");
            }
            return AuditVerification.intact(checked);
        }
    }
}
