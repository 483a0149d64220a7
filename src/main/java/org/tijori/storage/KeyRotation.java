package org.tijori.storage;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-wraps every data key under the current primary master key, without touching the content, in
 * the background and in batches, with its progress in the database so that any node can report it.
 * The secrets in {@code storage_secret} are re-sealed first and counted with the data keys. Old
 * master keys can leave the keyset once a rotation has finished without failures.
 */
@Service
public class KeyRotation implements DisposableBean {

    static final int BATCH = 500;

    /** A rotation whose node stopped reporting for this long is taken over by the next request. */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(KeyRotation.class);

    private final VaultKeys keys;

    private final BlobCatalog catalog;

    private final JdbcClient jdbc;

    private final TransactionTemplate transactions;

    private final Clock clock;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "key-rotation");
        thread.setDaemon(true);
        return thread;
    });

    private final List<SealedColumn> sealedColumns;

    KeyRotation(VaultKeys keys, BlobCatalog catalog, JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {
        this(keys, catalog, jdbc, transactions, clock, List.of());
    }

    @Autowired
    KeyRotation(VaultKeys keys, BlobCatalog catalog, JdbcClient jdbc, TransactionTemplate transactions, Clock clock,
            List<SealedColumn> sealedColumns) {
        this.sealedColumns = List.copyOf(sealedColumns);
        this.keys = keys;
        this.catalog = catalog;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Starts a rotation, or returns the one already running. */
    public KeyRotationStatus start() {
        long target = keys.primaryKeyId();
        Started started = transactions.execute(status -> {
            // One rotation at a time across nodes: serialise the check-then-insert.
            jdbc.sql("lock table storage_key_rotation in exclusive mode").update();
            Optional<KeyRotationStatus> running = latest().filter(rotation -> rotation.state().equals("RUNNING")
                    && !abandoned(rotation.id()));
            if (running.isPresent()) {
                return new Started(running.get(), false);
            }
            UUID id = UUID.randomUUID();
            OffsetDateTime now = now();
            jdbc.sql("""
                    insert into storage_key_rotation (id, target_key_id, state, total, done, failed, started_at, updated_at)
                    values (?, ?, 'RUNNING', ?, 0, 0, ?, ?)""")
                    .params(id, target, catalog.countNotWrappedBy(target) + countSecrets() + countSealedValues(), now, now).update();
            return new Started(find(id).orElseThrow(), true);
        });
        if (started.created()) {
            worker.submit(() -> run(started.rotation().id(), target));
        }
        return started.rotation();
    }

    /** The most recent rotation, if any. */
    public Optional<KeyRotationStatus> latest() {
        return jdbc.sql("select * from storage_key_rotation order by started_at desc limit 1")
                .query(KeyRotation::status).optional();
    }

    Optional<KeyRotationStatus> find(UUID id) {
        return jdbc.sql("select * from storage_key_rotation where id = ?").param(id).query(KeyRotation::status)
                .optional();
    }

    /** Runs a rotation to its end on this thread. */
    void run(UUID rotation, long target) {
        // PostgreSQL orders UUIDs as unsigned bytes: the nil UUID comes first.
        UUID after = new UUID(0, 0);
        long failedTotal = 0;
        try {
            Integer secretsFailed = transactions.execute(status -> resealSecrets(rotation));
            failedTotal += secretsFailed == null ? 0 : secretsFailed;
            for (SealedColumn column : sealedColumns) {
                failedTotal += resealColumn(rotation, column);
            }
            while (true) {
                UUID from = after;
                Batch batch = transactions.execute(status -> rewrapBatch(rotation, target, from));
                if (batch == null || batch.rows() == 0) {
                    break;
                }
                after = batch.last();
                failedTotal += batch.failed();
            }
            String state = failedTotal == 0 ? "DONE" : "DONE_WITH_FAILURES";
            jdbc.sql("update storage_key_rotation set state = ?, finished_at = ?, updated_at = ? where id = ?")
                    .params(state, now(), now(), rotation).update();
            log.info("Key rotation {} finished: {}", rotation, find(rotation).orElseThrow());
        }
        catch (RuntimeException e) {
            log.error("Key rotation {} stopped: {}", rotation, e.toString());
            jdbc.sql("update storage_key_rotation set state = 'FAILED', problem = ?, finished_at = ?, updated_at = ? where id = ?")
                    .params(e.toString(), now(), now(), rotation).update();
        }
    }

    /**
     * Re-seals every sealed secret, whatever key sealed it: there are a handful, and a secret lost with
     * an old key would change every look-up fingerprint.
     */
    private int resealSecrets(UUID rotation) {
        List<SealedSecret> rows = jdbc.sql("select name, sealed from storage_secret order by name for update")
                .query((rs, n) -> new SealedSecret(rs.getString("name"), rs.getBytes("sealed"))).list();
        int failed = 0;
        for (SealedSecret row : rows) {
            try {
                byte[] resealed = keys.reseal(row.sealed(), SealedValues.secretAssociatedData(row.name()));
                jdbc.sql("update storage_secret set sealed = ? where name = ?").params(resealed, row.name()).update();
            }
            catch (GeneralSecurityException e) {
                failed++;
                log.warn("Sealed secret {} could not be re-sealed: no key of the keyset opens it", row.name());
            }
        }
        jdbc.sql("update storage_key_rotation set done = done + ?, failed = failed + ?, updated_at = ? where id = ?")
                .params(rows.size() - failed, failed, now(), rotation).update();
        return failed;
    }

    /** Re-seals another module's sealed column in batches, each in its own transaction. */
    private long resealColumn(UUID rotation, SealedColumn column) {
        long failed = 0;
        UUID after = new UUID(0, 0);
        while (true) {
            UUID from = after;
            // A row may hold no value yet (an issuer or a requester waiting for approval has no secret).
            String select = "select " + column.idColumn() + " as id, " + column.sealedColumn() + " as sealed from "
                    + column.table() + " where " + column.idColumn() + " > ? and " + column.sealedColumn()
                    + " is not null order by " + column.idColumn() + " limit ? for update";
            String update = "update " + column.table() + " set " + column.sealedColumn() + " = ? where "
                    + column.idColumn() + " = ?";
            Batch outcome = transactions.execute(status -> {
                List<SealedRow> rows = jdbc.sql(select).params(from, BATCH)
                        .query((rs, n) -> new SealedRow(rs.getObject("id", UUID.class), rs.getBytes("sealed"))).list();
                int rowFailures = 0;
                for (SealedRow row : rows) {
                    try {
                        jdbc.sql(update).params(keys.reseal(row.sealed(),
                                SealedValues.sealedAssociatedData(column.context())), row.id()).update();
                    }
                    catch (GeneralSecurityException e) {
                        rowFailures++;
                        log.warn("A value in {}.{} could not be re-sealed: no key of the keyset opens it",
                                column.table(), column.sealedColumn());
                    }
                }
                jdbc.sql("update storage_key_rotation set done = done + ?, failed = failed + ?, updated_at = ? where id = ?")
                        .params(rows.size() - rowFailures, rowFailures, now(), rotation).update();
                return new Batch(rows.size(), rowFailures, rows.isEmpty() ? from : rows.get(rows.size() - 1).id());
            });
            if (outcome == null || outcome.rows() == 0) {
                return failed;
            }
            failed += outcome.failed();
            after = outcome.last();
        }
    }

    private long countSealedValues() {
        long count = 0;
        for (SealedColumn column : sealedColumns) {
            count += jdbc.sql("select count(*) from " + column.table() + " where " + column.sealedColumn()
                    + " is not null").query(Long.class).single();
        }
        return count;
    }

    private record SealedRow(UUID id, byte[] sealed) {
    }

    private long countSecrets() {
        return jdbc.sql("select count(*) from storage_secret").query(Long.class).single();
    }

    private Batch rewrapBatch(UUID rotation, long target, UUID after) {
        List<BlobCatalog.WrappedKey> rows = catalog.lockNotWrappedBy(target, after, BATCH);
        int failed = 0;
        for (BlobCatalog.WrappedKey row : rows) {
            try {
                catalog.rewrapped(row.id(), target, keys.rewrap(row.id(), row.wrapped()));
            }
            catch (GeneralSecurityException e) {
                failed++;
                log.warn("Data key of blob {} could not be re-wrapped: no key of the keyset opens it", row.id());
            }
        }
        jdbc.sql("update storage_key_rotation set done = done + ?, failed = failed + ?, updated_at = ? where id = ?")
                .params(rows.size() - failed, failed, now(), rotation).update();
        return new Batch(rows.size(), failed, rows.isEmpty() ? after : rows.get(rows.size() - 1).id().value());
    }

    private boolean abandoned(UUID rotation) {
        return jdbc.sql("select updated_at < ? from storage_key_rotation where id = ?")
                .params(now().minus(ABANDONED_AFTER), rotation).query(Boolean.class).single();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static KeyRotationStatus status(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        OffsetDateTime finished = rs.getObject("finished_at", OffsetDateTime.class);
        return new KeyRotationStatus(rs.getObject("id", UUID.class), rs.getLong("target_key_id"),
                rs.getString("state"), rs.getLong("total"), rs.getLong("done"), rs.getLong("failed"),
                rs.getObject("started_at", OffsetDateTime.class).toInstant(),
                finished == null ? null : finished.toInstant());
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }

    private record SealedSecret(String name, byte[] sealed) {
    }

    private record Batch(int rows, int failed, UUID last) {
    }

    private record Started(KeyRotationStatus rotation, boolean created) {
    }
}
