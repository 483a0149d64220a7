package org.tijori.locker;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.account.AccountId;
import org.tijori.account.RateLimits;
import org.tijori.account.events.AccountDeleted;
import org.tijori.locker.LockerProblemException.Kind;
import org.tijori.locker.events.DocumentChanged;
import org.tijori.locker.events.DocumentDeleted;
import org.tijori.locker.events.DocumentDownloaded;
import org.tijori.locker.events.DocumentRestored;
import org.tijori.locker.events.DocumentUploaded;
import org.tijori.storage.BlobId;
import org.tijori.storage.BlobStorageException;
import org.tijori.storage.BlobTooLargeException;
import org.tijori.storage.BlobVault;
import org.tijori.storage.StoredBlob;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The documents residents upload: stored encrypted through the vault, typed by their content, kept
 * within the resident's quota, organised in folders, and deleted through a recycle bin.
 * <p>
 * Every method names the account it acts for; a document or folder of another account is not found.
 * The quota is one row per resident changed by a conditional update, so parallel uploads cannot pass
 * it together: the second waits for the first's row lock and then sees its bytes.
 */
@Service
public class UploadedDocuments {

    private static final Logger log = LoggerFactory.getLogger(UploadedDocuments.class);

    private static final String COLUMNS = """
            u.id, u.name, u.doc_type, u.media_type, u.size, u.uploaded_at, u.updated_at, u.deleted_at,
            f.id as folder_id, f.name as folder_name""";

    private static final String FROM = " from locker_upload u left join locker_folder f on f.id = u.folder_id ";

    static final int MAX_FOLDERS = 100;

    /** The arguments of a problem whose message has no placeholders. */
    private static final Object[] NONE = {};

    /** Thumbnails fit the cards of the uploads page, twice over for sharp screens. */
    static final int THUMBNAIL_WIDTH = 240;

    private final JdbcClient jdbc;

    private final BlobVault vault;

    private final TransactionTemplate transactions;

    private final ApplicationEventPublisher events;

    private final LockerProperties properties;

    private final RateLimits limits;

    private final RateLimits.RateLimit uploadsPerResident;

    private final Clock clock;

    private final Previews previews;

    UploadedDocuments(JdbcClient jdbc, BlobVault vault, TransactionTemplate transactions,
            ApplicationEventPublisher events, LockerProperties properties, RateLimits limits, Clock clock,
            Previews previews) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.transactions = transactions;
        this.events = events;
        this.properties = properties;
        this.limits = limits;
        this.uploadsPerResident = new RateLimits.RateLimit("locker-upload", properties.uploadsPerHour(),
                Duration.ofHours(1));
        this.clock = clock;
        this.previews = previews;
    }

    /** The largest upload, in bytes. */
    public long maxUploadBytes() {
        return properties.maxUploadSize().toBytes();
    }

    /** How many days a deleted upload stays in the recycle bin. */
    public long binDays() {
        return properties.binRetention().toDays();
    }

    /**
     * How many whole days, counted up, are left before a document in the recycle bin is deleted for good by
     * itself: 0 once its time is up; null for a document that is not in the bin.
     */
    public Long daysLeftInBin(UploadedDocument document) {
        if (document.deletedAt() == null) {
            return null;
        }
        Duration left = Duration.between(clock.instant(), document.deletedAt().plus(properties.binRetention()));
        if (left.isNegative() || left.isZero()) {
            return 0L;
        }
        long days = left.toDays();
        return left.minusDays(days).isZero() ? days : days + 1;
    }

    /**
     * What a content is, as {@link #upload} decides it from the first bytes, such as {@code application/pdf}: for a
     * caller that must refuse a file before it is stored.
     *
     * @param content a stream that supports mark and reset; it is reset to where it was
     */
    public String mediaTypeOf(InputStream content) throws IOException {
        return ContentTypes.detect(content);
    }

    /** The media types an upload may have. */
    public List<String> uploadTypes() {
        return properties.uploadTypes();
    }

    /**
     * Stores an upload. The type comes from the content; the name is cleaned for display.
     *
     * @param declaredSize the size the client announced, or -1 when unknown; checked again while storing
     * @param folder where to put it, or {@code null} for the top level
     * @throws LockerProblemException when the file is empty, too large, of a type not accepted, past the
     *                                quota, or the resident uploads too often; nothing is kept then
     */
    public UploadedDocument upload(AccountId account, String originalName, long declaredSize, InputStream content,
            FolderId folder, DocumentKind kind) throws IOException {
        long max = maxUploadBytes();
        if (declaredSize > max) {
            throw tooLarge();
        }
        if (declaredSize == 0) {
            throw new LockerProblemException(Kind.INVALID, "empty", NONE, "The file is empty.");
        }
        Usage before = usage(account);
        if (declaredSize > 0 && before.usedBytes() + declaredSize > before.quotaBytes()) {
            throw quotaExceeded(before);
        }
        if (folder != null && findFolder(account, folder).isEmpty()) {
            throw noSuchFolder();
        }
        if (!limits.tryAcquire(uploadsPerResident, account.toString())) {
            throw new LockerProblemException(Kind.RATE_LIMITED, "upload-limit", NONE,
                    "You uploaded many files in the last hour; try again later.");
        }
        BufferedInputStream buffered = new BufferedInputStream(content, 64 * 1024);
        String mediaType = ContentTypes.detect(buffered);
        if (!properties.uploadTypes().contains(mediaType)) {
            throw new LockerProblemException(Kind.UNSUPPORTED_TYPE, null, "This file is " + mediaType + "; a locker "
                    + "accepts " + String.join(", ", properties.uploadTypes()) + ".", mediaType);
        }
        String name = DisplayNames.clean(originalName, "document");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        UploadId id = UploadId.random();
        try {
            transactions.executeWithoutResult(status -> {
                StoredBlob blob = vault.store(buffered, max);
                if (blob.size() == 0) {
                    throw new LockerProblemException(Kind.INVALID, "empty", NONE, "The file is empty.");
                }
                insertWithinQuota(account, id, folder == null ? null : folder.value(), name,
                        kind == null ? null : kind.code(), mediaType, blob, now);
                events.publishEvent(new DocumentUploaded(account, id.toString(), name, mediaType, blob.size()));
            });
        }
        catch (BlobTooLargeException e) {
            throw tooLarge();
        }
        catch (BlobStorageException e) {
            throw storeUnavailable(e);
        }
        return find(account, id).orElseThrow();
    }

    /**
     * Charges a stored blob to the resident's quota and inserts its row, in the caller's transaction.
     *
     * @throws LockerProblemException {@code QUOTA_EXCEEDED} when the blob does not fit: the caller's transaction
     *                                rolls back, and the vault collects the blob as an orphan
     */
    private void insertWithinQuota(AccountId account, UploadId id, UUID folder, String name, String docType,
            String mediaType, StoredBlob blob, Instant now) {
        jdbc.sql("insert into locker_usage (account_id, used_bytes) values (?, 0) on conflict do nothing")
                .param(account.value()).update();
        int within = jdbc.sql("""
                update locker_usage set used_bytes = used_bytes + ?
                where account_id = ? and used_bytes + ? <= ?""")
                .params(blob.size(), account.value(), blob.size(), properties.quota().toBytes()).update();
        if (within == 0) {
            throw quotaExceeded(usage(account));
        }
        jdbc.sql("""
                insert into locker_upload (id, account_id, folder_id, name, doc_type, media_type, size, blob_id,
                                           sha256, uploaded_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id.value(), account.value(), folder, name, docType, mediaType, blob.size(), blob.id().value(),
                        blob.sha256(), utc(now), utc(now))
                .update();
    }

    /**
     * Keeps a file the locker made for the resident (an e-signed copy, a detached signature) as a new uploaded
     * document, within the quota, with {@code alongside} run in the same transaction: either both are kept or
     * neither (a blob whose row is not kept is collected as an orphan by the vault).
     *
     * @param mediaType the file's type, which the locker knows since it made it
     * @throws LockerProblemException {@code QUOTA_EXCEEDED} or {@code TOO_LARGE}; nothing is kept then
     */
    UploadedDocument keepMade(AccountId account, String name, Folder folder, String mediaType, InputStream content,
            java.util.function.Consumer<UploadId> alongside) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        UploadId id = UploadId.random();
        try {
            transactions.executeWithoutResult(status -> {
                StoredBlob blob = vault.store(content, properties.quota().toBytes());
                insertWithinQuota(account, id, folder == null ? null : folder.id().value(),
                        DisplayNames.clean(name, "document"), null, mediaType, blob, now);
                alongside.accept(id);
            });
        }
        catch (BlobTooLargeException e) {
            throw quotaExceeded(usage(account));
        }
        catch (BlobStorageException e) {
            throw storeUnavailable(e);
        }
        return find(account, id).orElseThrow();
    }

    /** The uploads outside the recycle bin, newest first: all of them, or one folder's. */
    public List<UploadedDocument> list(AccountId account, FolderId folder) {
        UUID in = folder == null ? null : folder.value();
        return jdbc.sql("select " + COLUMNS + FROM + """
                where u.account_id = ? and u.deleted_at is null and (cast(? as uuid) is null or u.folder_id = ?)
                order by u.uploaded_at desc""")
                .params(account.value(), in, in).query(UploadedDocuments::document).list();
    }

    /** The uploads in the recycle bin, most recently deleted first. */
    public List<UploadedDocument> bin(AccountId account) {
        return jdbc.sql("select " + COLUMNS + FROM + """
                where u.account_id = ? and u.deleted_at is not null order by u.deleted_at desc""")
                .param(account.value()).query(UploadedDocuments::document).list();
    }

    /** An upload, in the recycle bin or not. */
    public Optional<UploadedDocument> find(AccountId account, UploadId id) {
        return jdbc.sql("select " + COLUMNS + FROM + " where u.account_id = ? and u.id = ?")
                .params(account.value(), id.value()).query(UploadedDocuments::document).optional();
    }

    /** How many uploads a resident keeps outside the recycle bin. */
    public long count(AccountId account) {
        return jdbc.sql("select count(*) from locker_upload where account_id = ? and deleted_at is null")
                .param(account.value()).query(Long.class).single();
    }

    public Usage usage(AccountId account) {
        long used = jdbc.sql("select used_bytes from locker_usage where account_id = ?").param(account.value())
                .query(Long.class).optional().orElse(0L);
        return new Usage(used, properties.quota().toBytes());
    }

    public UploadedDocument rename(AccountId account, UploadId id, String newName) {
        String name = DisplayNames.clean(newName, "");
        if (name.isEmpty()) {
            throw new LockerProblemException(Kind.INVALID, "no-name", NONE, "Give the document a name.");
        }
        change(account, id, "name = ?", name);
        events.publishEvent(new DocumentChanged(account, id.toString(), "renamed", name));
        return live(account, id);
    }

    /** Sets the document's type, or clears it with {@code null}. */
    public UploadedDocument classify(AccountId account, UploadId id, DocumentKind kind) {
        change(account, id, "doc_type = ?", kind == null ? null : kind.code());
        UploadedDocument document = live(account, id);
        events.publishEvent(new DocumentChanged(account, id.toString(), "typed", document.name()));
        return document;
    }

    /** Moves the document to a folder of the same resident, or to the top level with {@code null}. */
    public UploadedDocument move(AccountId account, UploadId id, FolderId folder) {
        if (folder != null && findFolder(account, folder).isEmpty()) {
            throw noSuchFolder();
        }
        change(account, id, "folder_id = ?", folder == null ? null : folder.value());
        UploadedDocument document = live(account, id);
        events.publishEvent(new DocumentChanged(account, id.toString(), "moved", document.name()));
        return document;
    }

    /** Moves the document to the recycle bin, where it stays for the configured retention. */
    public void delete(AccountId account, UploadId id) {
        UploadedDocument document = live(account, id);
        change(account, id, "deleted_at = ?", utc(clock.instant()));
        events.publishEvent(new DocumentDeleted(account, id.toString(), document.name(), false));
    }

    /** Takes the document out of the recycle bin. */
    public UploadedDocument restore(AccountId account, UploadId id) {
        int restored = jdbc.sql("""
                update locker_upload set deleted_at = null, updated_at = ?
                where account_id = ? and id = ? and deleted_at is not null""")
                .params(utc(clock.instant()), account.value(), id.value()).update();
        if (restored == 0) {
            throw notFound();
        }
        UploadedDocument document = live(account, id);
        events.publishEvent(new DocumentRestored(account, id.toString(), document.name()));
        return document;
    }

    /** Removes a document in the recycle bin for good, freeing its bytes. */
    public void deleteForever(AccountId account, UploadId id) {
        UploadedDocument document = find(account, id).filter(UploadedDocument::inBin).orElseThrow(
                UploadedDocuments::notFound);
        transactions.executeWithoutResult(status -> {
            if (remove(account, id)) {
                events.publishEvent(new DocumentDeleted(account, id.toString(), document.name(), true));
            }
        });
    }

    /**
     * Deletes for good every document in the resident's recycle bin, each as {@link #deleteForever} does.
     *
     * @return how many were deleted
     */
    public int emptyBin(AccountId account) {
        int deleted = 0;
        for (UploadedDocument document : bin(account)) {
            boolean removed = Boolean.TRUE.equals(transactions.execute(status -> {
                // One restored since the bin was listed stays: only a document still in the bin goes.
                boolean inBin = jdbc.sql("""
                        select id from locker_upload where account_id = ? and id = ? and deleted_at is not null
                        for update""").params(account.value(), document.id().value()).query(UUID.class).optional()
                        .isPresent();
                boolean gone = inBin && remove(account, document.id());
                if (gone) {
                    events.publishEvent(new DocumentDeleted(account, document.id().toString(), document.name(), true));
                }
                return gone;
            }));
            deleted += removed ? 1 : 0;
        }
        return deleted;
    }

    /** The content of a document outside the recycle bin, with what a download needs to say about it. */
    public Download open(AccountId account, UploadId id) throws IOException {
        Download download = read(account, id);
        events.publishEvent(DocumentDownloaded.upload(account, id.toString(), download.name()));
        return download;
    }

    /**
     * The content of a document outside the recycle bin, read for someone other than the resident (a requester
     * through the access gateway, ADR 23): no {@code DocumentDownloaded} is published, since the resident did not
     * download it; the caller records the access as its own event.
     *
     * @throws LockerProblemException {@code NOT_FOUND} when the resident has no such document outside the bin
     */
    public Download read(AccountId account, UploadId id) throws IOException {
        Optional<Stored> stored = jdbc.sql("""
                select blob_id, name, media_type, size from locker_upload
                where account_id = ? and id = ? and deleted_at is null""")
                .params(account.value(), id.value())
                .query((rs, n) -> new Stored(rs.getObject("blob_id", UUID.class), rs.getString("name"),
                        rs.getString("media_type"), rs.getLong("size")))
                .optional();
        if (stored.isEmpty()) {
            throw notFound();
        }
        InputStream content = vault.open(new BlobId(stored.get().blob()));
        return new Download(stored.get().name(), stored.get().mediaType(), stored.get().size(), content);
    }

    /**
     * A small PNG preview of a document outside the recycle bin, drawn the first time it is asked for
     * and kept in the vault; empty when the content cannot be drawn, which is remembered too, so that a
     * file that cannot be drawn costs one attempt, not one a request.
     *
     * @throws LockerProblemException {@code BUSY} when every drawer stayed busy for as long as a request waits
     */
    public Optional<byte[]> thumbnail(AccountId account, UploadId id) throws IOException {
        Optional<Previewed> source = jdbc.sql("""
                select blob_id, media_type, thumbnail_blob, thumbnail_failed from locker_upload
                where account_id = ? and id = ? and deleted_at is null""")
                .params(account.value(), id.value())
                .query((rs, n) -> new Previewed(rs.getObject("blob_id", UUID.class), rs.getString("media_type"),
                        rs.getObject("thumbnail_blob", UUID.class), rs.getBoolean("thumbnail_failed")))
                .optional();
        if (source.isEmpty()) {
            throw notFound();
        }
        if (source.get().failed()) {
            return Optional.empty();
        }
        if (source.get().thumbnail() != null) {
            try (InputStream kept = vault.open(new BlobId(source.get().thumbnail()))) {
                return Optional.of(kept.readAllBytes());
            }
        }
        Previews.Drawing drawing;
        try (InputStream content = vault.open(new BlobId(source.get().blob()))) {
            drawing = previews.draw(content, source.get().mediaType(), THUMBNAIL_WIDTH, "upload " + id);
        }
        if (drawing instanceof Previews.Drawn drawn) {
            transactions.executeWithoutResult(status -> {
                StoredBlob blob = vault.store(new ByteArrayInputStream(drawn.png()));
                int kept = jdbc.sql("update locker_upload set thumbnail_blob = ? where id = ? and thumbnail_blob is null")
                        .params(blob.id().value(), id.value()).update();
                if (kept == 0) {
                    vault.delete(blob.id());
                }
            });
            return Optional.of(drawn.png());
        }
        if (drawing instanceof Previews.Refused) {
            jdbc.sql("update locker_upload set thumbnail_failed = true where id = ? and thumbnail_blob is null")
                    .param(id.value()).update();
            return Optional.empty();
        }
        throw busy();
    }

    public List<Folder> folders(AccountId account) {
        return jdbc.sql("select id, name from locker_folder where account_id = ? order by lower(name)")
                .param(account.value()).query((rs, n) -> new Folder(new FolderId(rs.getObject("id", UUID.class)),
                        rs.getString("name")))
                .list();
    }

    public Optional<Folder> findFolder(AccountId account, FolderId id) {
        return jdbc.sql("select id, name from locker_folder where account_id = ? and id = ?")
                .params(account.value(), id.value())
                .query((rs, n) -> new Folder(new FolderId(rs.getObject("id", UUID.class)), rs.getString("name")))
                .optional();
    }

    /** The resident's folder of that name, exactly as the resident named it. */
    public Optional<Folder> folderNamed(AccountId account, String name) {
        return jdbc.sql("select id, name from locker_folder where account_id = ? and name = ?")
                .params(account.value(), name)
                .query((rs, n) -> new Folder(new FolderId(rs.getObject("id", UUID.class)), rs.getString("name")))
                .optional();
    }

    public Folder createFolder(AccountId account, String folderName) {
        String name = folderName(folderName);
        if (folders(account).size() >= MAX_FOLDERS) {
            throw new LockerProblemException(Kind.INVALID, "too-many-folders", new Object[] { MAX_FOLDERS },
                    "A locker holds at most " + MAX_FOLDERS + " folders.");
        }
        FolderId id = FolderId.random();
        try {
            jdbc.sql("insert into locker_folder (id, account_id, name, created_at) values (?, ?, ?, ?)")
                    .params(id.value(), account.value(), name, utc(clock.instant())).update();
        }
        catch (DuplicateKeyException e) {
            throw folderExists(name);
        }
        return new Folder(id, name);
    }

    public Folder renameFolder(AccountId account, FolderId id, String folderName) {
        String name = folderName(folderName);
        try {
            int renamed = jdbc.sql("update locker_folder set name = ? where account_id = ? and id = ?")
                    .params(name, account.value(), id.value()).update();
            if (renamed == 0) {
                throw noSuchFolder();
            }
        }
        catch (DuplicateKeyException e) {
            throw folderExists(name);
        }
        return new Folder(id, name);
    }

    /** Removes a folder; its documents move to the top level. */
    public void deleteFolder(AccountId account, FolderId id) {
        int deleted = jdbc.sql("delete from locker_folder where account_id = ? and id = ?")
                .params(account.value(), id.value()).update();
        if (deleted == 0) {
            throw noSuchFolder();
        }
    }

    @Scheduled(initialDelay = 60_000, fixedDelay = 3_600_000)
    @SchedulerLock(name = "locker-recycle-bin")
    void emptyBinsOnSchedule() {
        emptyBins();
    }

    /** Removes for good what stayed in recycle bins longer than the retention. */
    public int emptyBins() {
        Instant cutoff = clock.instant().minus(properties.binRetention());
        int removed = 0;
        List<Binned> expired;
        do {
            expired = jdbc.sql("""
                    select id, account_id, name from locker_upload
                    where deleted_at is not null and deleted_at < ? order by deleted_at limit 500""")
                    .param(utc(cutoff))
                    .query((rs, n) -> new Binned(new UploadId(rs.getObject("id", UUID.class)),
                            new AccountId(rs.getObject("account_id", UUID.class)), rs.getString("name")))
                    .list();
            for (Binned binned : expired) {
                transactions.executeWithoutResult(status -> {
                    if (remove(binned.account(), binned.id())) {
                        events.publishEvent(new DocumentDeleted(binned.account(), binned.id().toString(),
                                binned.name(), true));
                    }
                });
                removed++;
            }
        }
        while (expired.size() == 500);
        if (removed > 0) {
            log.info("Emptied {} documents from recycle bins after {}", removed, properties.binRetention());
        }
        return removed;
    }

    /** A deleted account takes its uploads, folders and usage with it. */
    @ApplicationModuleListener
    void on(AccountDeleted deleted) {
        AccountId account = deleted.account();
        for (UUID id : jdbc.sql("select id from locker_upload where account_id = ?").param(account.value())
                .query(UUID.class).list()) {
            transactions.executeWithoutResult(status -> remove(account, new UploadId(id)));
        }
        jdbc.sql("delete from locker_folder where account_id = ?").param(account.value()).update();
        jdbc.sql("delete from locker_usage where account_id = ?").param(account.value()).update();
    }

    /** Deletes the row, its blobs and its bytes from the usage, in the caller's transaction. */
    private boolean remove(AccountId account, UploadId id) {
        Optional<Removed> row = jdbc.sql("""
                delete from locker_upload where account_id = ? and id = ? returning blob_id, thumbnail_blob, size""")
                .params(account.value(), id.value())
                .query((rs, n) -> new Removed(rs.getObject("blob_id", UUID.class),
                        rs.getObject("thumbnail_blob", UUID.class), rs.getLong("size")))
                .optional();
        if (row.isEmpty()) {
            return false;
        }
        vault.delete(new BlobId(row.get().blob()));
        if (row.get().thumbnail() != null) {
            vault.delete(new BlobId(row.get().thumbnail()));
        }
        jdbc.sql("update locker_usage set used_bytes = greatest(0, used_bytes - ?) where account_id = ?")
                .params(row.get().size(), account.value()).update();
        return true;
    }

    private void change(AccountId account, UploadId id, String assignment, Object value) {
        int changed = jdbc.sql("update locker_upload set " + assignment + ", updated_at = ? "
                + "where account_id = ? and id = ? and deleted_at is null")
                .params(value, utc(clock.instant()), account.value(), id.value()).update();
        if (changed == 0) {
            throw notFound();
        }
    }

    private UploadedDocument live(AccountId account, UploadId id) {
        return find(account, id).filter(document -> !document.inBin()).orElseThrow(UploadedDocuments::notFound);
    }

    private static String folderName(String requested) {
        String name = DisplayNames.clean(requested, "");
        if (name.isEmpty() || name.length() > 80) {
            throw new LockerProblemException(Kind.INVALID, "folder-name", NONE, "A folder name has 1 to 80 characters.");
        }
        return name;
    }

    private LockerProblemException quotaExceeded(Usage usage) {
        String quota = Sizes.describe(usage.quotaBytes());
        String used = Sizes.describe(usage.usedBytes());
        return new LockerProblemException(Kind.QUOTA_EXCEEDED, "quota", new Object[] { quota, used },
                "This upload would take your locker past its " + quota + " of storage (" + used + " used). Empty the "
                        + "recycle bin or delete documents first.");
    }

    static LockerProblemException busy() {
        return new LockerProblemException(Kind.BUSY, "previews-busy", NONE,
                "Previews are being drawn for others just now; try again in a moment.");
    }

    private LockerProblemException tooLarge() {
        String most = Sizes.describe(maxUploadBytes());
        return new LockerProblemException(Kind.TOO_LARGE, "too-large", new Object[] { most },
                "The file is larger than " + most + ", the most one upload may be.");
    }

    private static LockerProblemException noSuchFolder() {
        return new LockerProblemException(Kind.NOT_FOUND, "no-folder", NONE, "There is no such folder in your locker.");
    }

    private static LockerProblemException folderExists(String name) {
        return new LockerProblemException(Kind.CONFLICT, "folder-exists", new Object[] { name },
                "You already have a folder named " + name + ".");
    }

    private static LockerProblemException notFound() {
        return new LockerProblemException(Kind.NOT_FOUND, "no-document", NONE, "There is no such document in your locker.");
    }

    private static UploadedDocument document(ResultSet rs, int row) throws SQLException {
        UUID folder = rs.getObject("folder_id", UUID.class);
        OffsetDateTime deleted = rs.getObject("deleted_at", OffsetDateTime.class);
        return new UploadedDocument(new UploadId(rs.getObject("id", UUID.class)), rs.getString("name"),
                DocumentKind.fromCode(rs.getString("doc_type")).orElse(null), rs.getString("media_type"),
                rs.getLong("size"), folder == null ? null : new Folder(new FolderId(folder), rs.getString("folder_name")),
                rs.getObject("uploaded_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                deleted == null ? null : deleted.toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** What a download sends: the stored name and type, and the content to stream. */
    public record Download(String name, String mediaType, long size, InputStream content) {
    }

    private record Stored(UUID blob, String name, String mediaType, long size) {
    }

    private record Previewed(UUID blob, String mediaType, UUID thumbnail, boolean failed) {
    }

    private record Removed(UUID blob, UUID thumbnail, long size) {
    }

    private record Binned(UploadId id, AccountId account, String name) {
    }

    /**
     * The blob store failed while it took the file (the object store is down or unreachable): the vault kept
     * nothing, and the transaction kept no row, so the resident may simply send it again later.
     */
    private static LockerProblemException storeUnavailable(BlobStorageException e) {
        log.warn("An upload was refused, the blob store failed: {}", e.getMessage());
        return new LockerProblemException(Kind.UNAVAILABLE, "store-unavailable", NONE,
                "The document store is not answering just now, so the file was not kept. Try again in a few minutes.");
    }
}
