package org.tijori.sharing;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.tijori.account.AccountId;
import org.tijori.storage.BlobId;
import org.tijori.storage.BlobVault;
import org.tijori.storage.StoredBlob;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The stamped copies of shared PDFs, one per share and document, each an encrypted blob in the vault
 * ({@code sharing_stamped_copy}). A copy is kept only while its share can still hand it out: {@link #keep} takes
 * the share's row first and keeps nothing for a share that ended, and everything that ends a share takes the
 * same row before it {@link #drop}s the share's copies, so that no copy outlives its share's end; a share that
 * ends by time (expired, used up) has its copies collected by {@link #ended} and {@link #dropCopy}.
 * A blob is stored and referenced in one transaction: a copy is never half kept.
 */
@Repository
class KeptStampedCopies {

    private final JdbcClient jdbc;

    private final BlobVault vault;

    private final TransactionTemplate transactions;

    KeptStampedCopies(JdbcClient jdbc, BlobVault vault, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.transactions = transactions;
    }

    /** The copy kept of a share's document, if any. */
    Optional<Copy> find(ShareLink link, int position) {
        return jdbc.sql("""
                select position, source_sha256, blob_id, size, name, media_type from sharing_stamped_copy
                where account_id = ? and share_id = ? and position = ?""")
                .params(link.account().value(), link.id().value(), position)
                .query((rs, n) -> new Copy(link.account(), link.id(), rs.getInt("position"),
                        rs.getString("source_sha256"), new BlobId(rs.getObject("blob_id", UUID.class)),
                        rs.getLong("size"), rs.getString("name"), rs.getString("media_type")))
                .optional();
    }

    /**
     * Keeps a copy just stamped, replacing one stamped from another source: stored in the vault and referenced in
     * one transaction, only while the share still hands out documents at {@code now}, and only if no other request
     * kept one of the same source meanwhile.
     *
     * @return whether this copy is the one kept
     */
    boolean keep(ShareLink link, int position, String sourceSha256, byte[] stamped, String name, String mediaType,
            Instant now) {
        Boolean kept = transactions.execute(status -> {
            // The share's row, shared: ending a share takes it for update, so that it waits for this copy (and
            // then drops it) or this waits for the end (and keeps nothing).
            Boolean open = jdbc.sql("""
                    select revoked_at is null and locked_at is null and expires_at > ? from sharing_link
                    where account_id = ? and id = ? for share""")
                    .params(utc(now), link.account().value(), link.id().value()).query(Boolean.class).optional()
                    .orElse(false);
            if (!open) {
                return false;
            }
            Optional<Copy> old = find(link, position);
            if (old.isPresent()) {
                if (old.get().sourceSha256().equals(sourceSha256)) {
                    return false;
                }
                dropCopy(old.get());
            }
            StoredBlob blob = vault.store(new ByteArrayInputStream(stamped));
            int inserted = jdbc.sql("""
                    insert into sharing_stamped_copy (account_id, share_id, position, source_sha256, blob_id, size,
                        name, media_type, stamped_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (account_id, share_id, position) do nothing""")
                    .params(link.account().value(), link.id().value(), position, sourceSha256, blob.id().value(),
                            blob.size(), name, mediaType, utc(now))
                    .update();
            if (inserted == 0) {
                // Another node kept one meanwhile: deleting this blob with the transaction leaves nothing behind.
                vault.delete(blob.id());
                return false;
            }
            return true;
        });
        return Boolean.TRUE.equals(kept);
    }

    /** Deletes the copies of one share, with the caller's transaction (which holds the share's row). */
    void drop(AccountId account, ShareId share) {
        jdbc.sql("delete from sharing_stamped_copy where account_id = ? and share_id = ? returning blob_id")
                .params(account.value(), share.value()).query(UUID.class).list()
                .forEach(blob -> vault.delete(new BlobId(blob)));
    }

    /** Deletes the copies of every share of an account, with the caller's transaction. */
    void dropAll(AccountId account) {
        jdbc.sql("delete from sharing_stamped_copy where account_id = ? returning blob_id")
                .param(account.value()).query(UUID.class).list()
                .forEach(blob -> vault.delete(new BlobId(blob)));
    }

    /** Deletes one copy and its blob, if it is still there, with the caller's transaction. */
    void dropCopy(Copy copy) {
        jdbc.sql("delete from sharing_stamped_copy where blob_id = ? returning blob_id")
                .param(copy.blob().value()).query(UUID.class).optional()
                .ifPresent(blob -> vault.delete(new BlobId(blob)));
    }

    /**
     * Copies whose share hands out nothing any more at {@code now}: ended, expired, locked, or used up with no
     * visit left that began before it was.
     */
    List<Copy> ended(Instant now, int limit) {
        return jdbc.sql("""
                select c.account_id, c.share_id, c.position, c.source_sha256, c.blob_id, c.size, c.name, c.media_type
                from sharing_stamped_copy c join sharing_link l on l.account_id = c.account_id and l.id = c.share_id
                where l.revoked_at is not null or l.locked_at is not null or l.expires_at <= ?
                   or (l.max_views is not null and l.views >= l.max_views and not exists (
                       select 1 from sharing_visit v
                       where v.account_id = l.account_id and v.share_id = l.id and v.expires_at > ?))
                limit ?""")
                .params(utc(now), utc(now), limit)
                .query((rs, n) -> new Copy(new AccountId(rs.getObject("account_id", UUID.class)),
                        new ShareId(rs.getObject("share_id", UUID.class)), rs.getInt("position"),
                        rs.getString("source_sha256"), new BlobId(rs.getObject("blob_id", UUID.class)),
                        rs.getLong("size"), rs.getString("name"), rs.getString("media_type")))
                .list();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** A kept copy: its blob, and what a download says about it. */
    record Copy(AccountId account, ShareId share, int position, String sourceSha256, BlobId blob, long size,
            String name, String mediaType) {
    }
}
