package org.tijori.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The rows behind the vault: {@code storage_blob} (what is stored and its wrapped data key) and
 * {@code storage_blob_intent} (objects that may exist in the store without a committed row).
 */
@Repository
class BlobCatalog {

    /**
     * The PostgreSQL advisory lock that a backup ({@code deploy/backup/backup.sh}) holds exclusively from before
     * its database snapshot until its copy of the objects is done. Objects are removed only while it is held
     * shared, so that no object a row of the snapshot names disappears before the backup has copied it; objects
     * of blobs deleted meanwhile stay until the orphan collector's next run after the backup.
     */
    static final long BACKUP_LOCK = 7_420_020_020L;

    private final JdbcClient jdbc;

    private final DataSource dataSource;

    private final IntentBatches intents = new IntentBatches(this::commitIntents);

    BlobCatalog(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    /**
     * Commits an intent before its object is written, whatever transaction the caller is in: on a connection
     * of its own, together with the intents of stores running at the same time (see {@link IntentBatches}).
     */
    void commitIntent(BlobId id, Instant now) {
        intents.commit(new IntentBatches.Intent(id, now));
    }

    /** One statement, committed on its own: the caller's transaction neither sees nor holds it. */
    private void commitIntents(List<IntentBatches.Intent> batch) {
        StringBuilder sql = new StringBuilder("insert into storage_blob_intent (id, created_at) values ");
        for (int i = 0; i < batch.size(); i++) {
            sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
        }
        sql.append(" on conflict (id) do nothing");
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
                int parameter = 1;
                for (IntentBatches.Intent intent : batch) {
                    insert.setObject(parameter++, intent.id().value());
                    insert.setObject(parameter++, utc(intent.createdAt()));
                }
                insert.executeUpdate();
                if (!autoCommit) {
                    connection.commit();
                }
            }
            catch (SQLException e) {
                if (!autoCommit) {
                    connection.rollback();
                }
                throw e;
            }
        }
        catch (SQLException e) {
            throw new BlobStorageException("Could not record the intent to store a blob: " + e.getMessage(), e);
        }
    }

    void recordIntent(BlobId id, Instant now) {
        jdbc.sql("insert into storage_blob_intent (id, created_at) values (?, ?) on conflict (id) do nothing")
                .params(id.value(), utc(now)).update();
    }

    /**
     * Takes the backup lock ({@link #BACKUP_LOCK}) shared until the transaction ends, unless a backup holds it.
     *
     * @return whether no backup runs, so that an object may be removed in this transaction
     */
    boolean holdOffBackups() {
        return jdbc.sql("select pg_try_advisory_xact_lock_shared(?)").param(BACKUP_LOCK).query(Boolean.class)
                .single();
    }

    void forgetIntent(BlobId id) {
        jdbc.sql("delete from storage_blob_intent where id = ?").param(id.value()).update();
    }

    /**
     * Records a stored blob and forgets its intent, in one statement: atomic on its own, and within the caller's
     * transaction when there is one (a rollback takes both back, and the collector finds the intent again).
     */
    void record(StoredBlob blob, byte[] wrappedKey) {
        jdbc.sql("""
                with forgotten as (delete from storage_blob_intent where id = ?)
                insert into storage_blob (id, size, sha256, key_id, wrapped_key, created_at) values (?, ?, ?, ?, ?, ?)""")
                .params(blob.id().value(), blob.id().value(), blob.size(), HexFormat.of().parseHex(blob.sha256()),
                        blob.keyId(), wrappedKey, utc(blob.createdAt()))
                .update();
    }

    Optional<Entry> find(BlobId id) {
        return jdbc.sql("select id, size, sha256, key_id, wrapped_key, created_at from storage_blob where id = ?")
                .param(id.value()).query(BlobCatalog::entry).optional();
    }

    boolean remove(BlobId id) {
        return jdbc.sql("delete from storage_blob where id = ?").param(id.value()).update() == 1;
    }

    /** Intents older than {@code cutoff} whose blob has no row: their objects are orphans. */
    List<BlobId> orphansBefore(Instant cutoff, int limit) {
        return jdbc.sql("""
                select i.id from storage_blob_intent i
                where i.created_at < ? and not exists (select 1 from storage_blob b where b.id = i.id)
                order by i.created_at limit ?""")
                .params(utc(cutoff), limit)
                .query((rs, n) -> new BlobId(rs.getObject(1, UUID.class))).list();
    }

    /** Every master key ID that wraps at least one data key, found without reading every row. */
    List<Long> keyIdsInUse() {
        return jdbc.sql("""
                with recursive used(key_id) as (
                    (select key_id from storage_blob order by key_id limit 1)
                    union all
                    select (select b.key_id from storage_blob b where b.key_id > used.key_id order by b.key_id limit 1)
                    from used where used.key_id is not null)
                select key_id from used where key_id is not null""")
                .query(Long.class).list();
    }

    Entry anyWrappedBy(long keyId) {
        return jdbc.sql("select id, size, sha256, key_id, wrapped_key, created_at from storage_blob where key_id = ? limit 1")
                .param(keyId).query(BlobCatalog::entry).single();
    }

    long countNotWrappedBy(long keyId) {
        return jdbc.sql("select count(*) from storage_blob where key_id <> ?").param(keyId).query(Long.class).single();
    }

    /** The next rows after {@code after} still wrapped by another key, locked for this transaction. */
    List<WrappedKey> lockNotWrappedBy(long keyId, UUID after, int limit) {
        return jdbc.sql("""
                select id, wrapped_key from storage_blob where key_id <> ? and id > ? order by id limit ? for update""")
                .params(keyId, after, limit)
                .query((rs, n) -> new WrappedKey(new BlobId(rs.getObject("id", UUID.class)), rs.getBytes("wrapped_key")))
                .list();
    }

    void rewrapped(BlobId id, long keyId, byte[] wrappedKey) {
        jdbc.sql("update storage_blob set key_id = ?, wrapped_key = ? where id = ?")
                .params(keyId, wrappedKey, id.value()).update();
    }

    private static Entry entry(ResultSet rs, int row) throws SQLException {
        var blob = new StoredBlob(new BlobId(rs.getObject("id", UUID.class)), rs.getLong("size"),
                HexFormat.of().formatHex(rs.getBytes("sha256")), rs.getLong("key_id"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
        return new Entry(blob, rs.getBytes("wrapped_key"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    record Entry(StoredBlob blob, byte[] wrappedKey) {
    }

    record WrappedKey(BlobId id, byte[] wrapped) {
    }
}
