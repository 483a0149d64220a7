package org.tijori.issuer.bulk;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StreamCorruptedException;
import java.io.Writer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.issuer.IssuerId;
import org.tijori.issuer.IssuerProperties;
import org.tijori.issuer.events.BulkPublicationFinished;
import org.tijori.issuer.events.BulkPublicationReceived;
import org.tijori.issuer.intake.IssuedDocumentIntake;
import org.tijori.issuer.intake.IssuerRequestProofs;
import org.tijori.issuer.intake.PushOutcome;
import org.tijori.issuer.intake.PushOutcome.Accepted;
import org.tijori.issuer.intake.PushOutcome.Refused;
import org.tijori.issuer.intake.SignedIssuerRequest;
import org.tijori.issuer.registration.Issuer;
import org.tijori.issuer.registration.IssuerStatus;
import org.tijori.issuer.registration.Issuers;
import org.tijori.storage.BlobId;
import org.tijori.storage.BlobIntegrityException;
import org.tijori.storage.BlobNotFoundException;
import org.tijori.storage.BlobStorageException;
import org.tijori.storage.BlobTooLargeException;
import org.tijori.storage.BlobVault;
import org.tijori.storage.StoredBlob;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Bulk publishing: an issuer uploads a ZIP of up to 10,000 {@code PushUriRequest} files. The ZIP is
 * inflated once, while it arrives, under limits on its files, their sizes and their total that are counted
 * as the bytes inflate; an upload that passes one is refused and leaves nothing behind. Its files are kept
 * in the vault and published in the background in slices of a few seconds, issuers taking turns, by a few
 * workers side by side; each file is published (or refused) together with its line of the report, a few
 * files to a transaction (a file's outcome is the same as if it had come alone). Progress is the count of report lines; a node that stops mid-upload leaves it to another,
 * which resumes with the files not yet recorded. The report says, file by file, the URI or why the file was
 * refused.
 */
@Service
public class BulkPublications implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BulkPublications.class);

    /** How long an upload rests after an unexpected failure before a node takes it up again. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    /** The lease while an upload kept as a ZIP (from before uploads were unpacked) is unpacked in one go. */
    private static final Duration UNPACKING_LEASE = Duration.ofHours(1);

    private final Issuers issuers;

    private final IssuedDocumentIntake intake;

    private final BlobVault vault;

    private final JdbcClient jdbc;

    private final TransactionTemplate transactions;

    private final ApplicationEventPublisher events;

    private final IssuerProperties properties;

    private final Clock clock;

    private final Counter inflated;

    /** Publishes the files of a slice; the slice hands over at most a few more than there are workers. */
    private final ExecutorService workers;

    private final Semaphore inFlight;

    /** Works through the slices, one at a time, off the scheduler's thread that other jobs share. */
    private final ExecutorService runner;

    private final AtomicBoolean draining = new AtomicBoolean();

    private volatile boolean stopping;

    BulkPublications(Issuers issuers, IssuedDocumentIntake intake, BlobVault vault, JdbcClient jdbc,
            TransactionTemplate transactions, ApplicationEventPublisher events, IssuerProperties properties,
            Clock clock, MeterRegistry meters) {
        this.issuers = issuers;
        this.intake = intake;
        this.vault = vault;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
        this.inflated = Counter.builder("tijori.issuer.bulk.inflated").baseUnit("bytes")
                .description("Bytes of bulk ZIPs' files inflated").register(meters);
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(properties.bulkWorkers(),
                task -> new Thread(task, "issuer-bulk-" + threads.incrementAndGet()));
        this.inFlight = new Semaphore(properties.bulkWorkers() + 2);
        this.runner = Executors.newSingleThreadExecutor(task -> new Thread(task, "issuer-bulk"));
    }

    /**
     * Takes a ZIP sent over the API. Its size as announced is checked first, then the request's signature
     * (API.md 4.5: headers that sign the client ID, method, path, ts, a nonce taken once and the body's
     * SHA-256), all before a byte of the ZIP is read; the ZIP must then hash to what was signed, or nothing
     * of it is kept.
     *
     * @param announcedBytes the request's {@code Content-Length}, or -1 when it has none
     */
    public BulkReceipt upload(SignedIssuerRequest request, long announcedBytes, InputStream zip,
            String clientAddress) {
        if (announcedBytes > properties.maxBulkSize().toBytes()) {
            throw new BulkRefusedException(BulkRefusedException.Kind.TOO_LARGE, "request_too_large",
                    "The ZIP is larger than " + UnpackedZip.size(properties.maxBulkSize().toBytes()) + ".",
                    UnpackedZip.size(properties.maxBulkSize().toBytes()));
        }
        return receive(prove(request, clientAddress), zip, request.contentSha256());
    }

    /** The issuer that a signed request of the bulk API proves; a refusal otherwise. */
    public IssuerId proveReader(SignedIssuerRequest request, String clientAddress) {
        return prove(request, clientAddress).id();
    }

    private Issuer prove(SignedIssuerRequest request, String clientAddress) {
        IssuerRequestProofs.Proof proof = intake.proveClient(request, clientAddress);
        if (proof instanceof IssuerRequestProofs.Proof.Unproven unproven) {
            throw new BulkRefusedException(switch (unproven.kind()) {
                case UNAUTHENTICATED -> BulkRefusedException.Kind.UNAUTHENTICATED;
                case FORBIDDEN -> BulkRefusedException.Kind.FORBIDDEN;
                case RATE_LIMITED -> BulkRefusedException.Kind.RATE_LIMITED;
                case CONFLICT -> BulkRefusedException.Kind.CONFLICT;
                case TOO_LARGE -> BulkRefusedException.Kind.TOO_LARGE;
                case INVALID, NOT_FOUND -> BulkRefusedException.Kind.INVALID;
            }, unproven.code(), unproven.reason());
        }
        return ((IssuerRequestProofs.Proof.Proven) proof).issuer();
    }

    /** Takes a ZIP from a signed-in issuer of the portal. */
    public BulkReceipt upload(IssuerId issuerId, InputStream zip) {
        Issuer issuer = issuers.find(issuerId).orElseThrow(() -> new BulkRefusedException(
                BulkRefusedException.Kind.UNAUTHENTICATED, "invalid_client_id", "No such issuer."));
        return receive(issuer, zip, null);
    }

    /**
     * @param signedSha256 the hex SHA-256 that the issuer signed for the ZIP, or null when a session proves the
     *                     upload: a ZIP that hashes otherwise is refused as it ends, like a ZIP past a limit
     */
    private BulkReceipt receive(Issuer issuer, InputStream zip, String signedSha256) {
        if (issuer.status() != IssuerStatus.APPROVED) {
            throw new BulkRefusedException(BulkRefusedException.Kind.FORBIDDEN, "issuer_not_active",
                    "The issuer is not approved to publish.");
        }
        BulkId id = BulkId.random();
        // Inflated here, once: the limits hold while the bytes arrive, and the background reads the files back
        // as they were unpacked.
        UnpackedZip.Unpacking unpacking = UnpackedZip.unpack(zip, limits(), inflated::increment, signedSha256);
        BulkReceipt receipt;
        try {
            receipt = transactions.execute(status -> {
                StoredBlob stored = store(unpacking);
                jdbc.sql("""
                        insert into issuer_bulk (id, issuer_id, zip_blob, zip_sha256, status, total, uploaded_at)
                        values (?, ?, ?, ?, 'QUEUED', ?, ?)""")
                        .params(id.value(), issuer.id().value(), stored.id().value(), unpacking.zipSha256(),
                                unpacking.files(), utc(clock.instant()))
                        .update();
                events.publishEvent(new BulkPublicationReceived(issuer.id().value(), id.value(), unpacking.zipBytes()));
                return new BulkReceipt(id, "QUEUED");
            });
        }
        catch (DuplicateKeyException e) {
            throw new BulkRefusedException(BulkRefusedException.Kind.CONFLICT, "duplicate_upload",
                    "This ZIP was uploaded before; its report is there.");
        }
        wake();
        return receipt;
    }

    /** Keeps the files of an upload in the vault as they unpack; a limit passed leaves nothing behind. */
    private StoredBlob store(UnpackedZip.Unpacking unpacking) {
        try {
            return vault.store(unpacking, Long.MAX_VALUE);
        }
        catch (BlobTooLargeException e) {
            unpacking.discardRest();
            throw new BulkRefusedException(BulkRefusedException.Kind.TOO_LARGE, "unpacked_too_large",
                    "The files of the ZIP take more than " + UnpackedZip.size(e.limit()) + " once unpacked.",
                    UnpackedZip.size(e.limit()));
        }
        catch (BlobStorageException e) {
            BulkRefusedException refused = UnpackedZip.refusalIn(e);
            if (refused == null) {
                throw e;
            }
            unpacking.discardRest();
            throw refused;
        }
    }

    private UnpackedZip.Limits limits() {
        return new UnpackedZip.Limits(properties.maxBulkSize().toBytes(), properties.maxBulkFiles(),
                intake.maxRequestBytes(), properties.maxBulkUnpackedSize().toBytes());
    }

    /** The progress of an upload of this issuer. */
    public Optional<BulkStatus> status(IssuerId issuer, BulkId id) {
        return jdbc.sql("""
                select b.id, b.status, b.total, b.problem, b.uploaded_at, b.finished_at,
                       count(i.position) as processed, count(i.position) filter (where i.outcome = 'published') as published,
                       count(i.position) filter (where i.outcome = 'refused') as refused
                from issuer_bulk b left join issuer_bulk_item i on i.bulk_id = b.id
                where b.issuer_id = ? and b.id = ?
                group by b.id""")
                .params(issuer.value(), id.value())
                .query((rs, row) -> new BulkStatus(new BulkId(rs.getObject("id", UUID.class)), rs.getString("status"),
                        (Integer) rs.getObject("total"), rs.getInt("processed"), rs.getInt("published"),
                        rs.getInt("refused"), rs.getString("problem"),
                        rs.getObject("uploaded_at", OffsetDateTime.class).toInstant(),
                        Optional.ofNullable(rs.getObject("finished_at", OffsetDateTime.class))
                                .map(OffsetDateTime::toInstant).orElse(null)))
                .optional();
    }

    /** An issuer's most recent uploads, newest first, with their progress. */
    public List<BulkStatus> recent(IssuerId issuer, int limit) {
        return jdbc.sql("""
                select b.id from issuer_bulk b where b.issuer_id = ? order by b.uploaded_at desc limit ?""")
                .params(issuer.value(), limit).query(UUID.class).list().stream()
                .map(id -> status(issuer, new BulkId(id)).orElseThrow()).toList();
    }

    /** Writes the per-file report of an upload of this issuer as CSV; false when there is no such upload. */
    public boolean writeReport(IssuerId issuer, BulkId id, Writer out) throws IOException {
        if (status(issuer, id).isEmpty()) {
            return false;
        }
        out.write("position,file,outcome,uri,code,reason\r\n");
        for (var line : jdbc.sql("""
                select position, entry, outcome, uri, code, reason from issuer_bulk_item
                where bulk_id = ? order by position""").param(id.value())
                .query((rs, row) -> String.join(",", String.valueOf(rs.getInt("position")), csv(rs.getString("entry")),
                        rs.getString("outcome"), csv(rs.getString("uri")), csv(rs.getString("code")),
                        csv(rs.getString("reason"))))
                .list()) {
            out.write(line);
            out.write("\r\n");
        }
        return true;
    }

    /**
     * Makes sure this node is working through the uploads that wait. Every node does, a slice at a time (see
     * {@link #drain()}); no lock is held for longer than a slice.
     */
    @Scheduled(initialDelay = 5_000, fixedDelay = 1_000)
    public void processQueued() {
        wake();
    }

    private void wake() {
        if (!stopping && draining.compareAndSet(false, true)) {
            try {
                runner.execute(this::drain);
            }
            catch (RejectedExecutionException e) {
                draining.set(false);
            }
        }
    }

    /**
     * Works through the uploads that wait, one slice at a time: each slice goes to the issuer served least
     * recently, so issuers take turns whatever the size of their ZIPs, and each is held by a lease that
     * another node takes over if this one dies. A slice ends after {@code tijori.issuer.bulk-slice}; where
     * it stopped is recorded with it, and an interrupted slice is resumed after the files already recorded.
     */
    private void drain() {
        try {
            for (Optional<Slice> slice; !stopping && (slice = claim()).isPresent();) {
                work(slice.get());
            }
        }
        catch (RuntimeException e) {
            log.error("Bulk publication stopped; it starts again within seconds", e);
        }
        finally {
            draining.set(false);
        }
    }

    /** The next upload to work on and its lease, or nothing when no upload waits that no other node holds. */
    private Optional<Slice> claim() {
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<UUID> next = jdbc.sql("""
                    select b.id from issuer_bulk b
                    where b.status in ('QUEUED', 'RUNNING') and (b.lease_until is null or b.lease_until < now())
                    order by (select max(o.served_at) from issuer_bulk o where o.issuer_id = b.issuer_id) nulls first,
                             b.uploaded_at
                    limit 1""").query(UUID.class).optional();
            if (next.isEmpty()) {
                return Optional.empty();
            }
            // Leases are timed by the database's clock, as the job locks are: nodes' clocks may drift.
            Optional<Slice> claimed = jdbc.sql("""
                    update issuer_bulk set status = 'RUNNING', started_at = coalesce(started_at, ?), served_at = now(),
                           lease_token = ?, lease_until = now() + make_interval(secs => ?)
                    where id = ? and status in ('QUEUED', 'RUNNING') and (lease_until is null or lease_until < now())
                    returning id, issuer_id, zip_blob, next_position, next_offset, lease_token""")
                    .params(utc(clock.instant()), UUID.randomUUID(), seconds(properties.bulkLease()), next.get())
                    .query((rs, row) -> new Slice(rs.getObject("id", UUID.class), new IssuerId(rs.getString("issuer_id")),
                            rs.getObject("zip_blob", UUID.class), rs.getInt("next_position"), rs.getLong("next_offset"),
                            rs.getObject("lease_token", UUID.class)))
                    .optional();
            if (claimed.isPresent()) {
                return claimed;
            }
            // Another node took it between the two statements: look again.
        }
        return Optional.empty();
    }

    private void work(Slice slice) {
        try {
            if (slice.offset() == 0 && !unpacked(slice)) {
                unpackKeptZip(slice);
                return;
            }
            publishSlice(slice);
        }
        catch (StreamCorruptedException | EOFException | BlobIntegrityException e) {
            finish(slice, "FAILED", "The upload could not be read back from the vault.");
            log.error("Bulk upload {} is damaged in the vault", slice.id(), e);
        }
        catch (IOException | RuntimeException e) {
            // Left as it is, with what was recorded: it resumes from there once the pause is over.
            pause(slice);
            log.error("Bulk upload {} stopped; it resumes in {}", slice.id(), RETRY_AFTER, e);
        }
    }

    private void publishSlice(Slice slice) throws IOException {
        Issuer issuer = issuers.find(slice.issuer()).orElseThrow();
        BlobId blob = new BlobId(slice.blob());
        long deadline = System.nanoTime() + properties.bulkSlice().toNanos();
        BitSet recorded = new BitSet();
        jdbc.sql("select position - ? from issuer_bulk_item where bulk_id = ? and position >= ?")
                .params(slice.position(), slice.id(), slice.position()).query(Integer.class).list()
                .forEach(recorded::set);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        int position = slice.position();
        long offset = slice.offset();
        boolean ended = false;
        FileGroup group = new FileGroup();
        try (InputStream in = offset == 0 ? vault.open(blob)
                : vault.open(blob, offset, vault.describe(blob).orElseThrow().size() - offset);
                UnpackedZip.Reader files = new UnpackedZip.Reader(in, offset, position, intake.maxRequestBytes())) {
            for (;;) {
                UnpackedZip.File file = files.next();
                if (file == null) {
                    ended = true;
                    break;
                }
                position = file.position() + 1;
                offset = file.end();
                if (!recorded.get(file.position() - slice.position())) {
                    if (file.content() == null) {
                        // Only when the push size limit was lowered after the upload was taken.
                        record(slice.id(), file.position(), file.name(), new Refused(null, null,
                                PushOutcome.Refusal.TOO_LARGE, "request_too_large", "The file is larger than "
                                        + UnpackedZip.size(intake.maxRequestBytes()) + "."));
                    }
                    else if (!group.add(file)) {
                        handOver(slice.id(), issuer, group, failure);
                        group = new FileGroup();
                        group.add(file);
                    }
                }
                if (failure.get() != null || stopping || System.nanoTime() - deadline > 0) {
                    break;
                }
            }
            if (!group.isEmpty() && failure.get() == null) {
                handOver(slice.id(), issuer, group, failure);
            }
        }
        finally {
            awaitInFlight();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        if (ended) {
            finish(slice, "DONE", null);
        }
        else {
            jdbc.sql("""
                    update issuer_bulk set next_position = ?, next_offset = ?, lease_token = null, lease_until = null
                    where id = ? and lease_token = ?""").params(position, offset, slice.id(), slice.lease()).update();
        }
    }

    private void handOver(UUID bulkId, Issuer issuer, FileGroup group, AtomicReference<RuntimeException> failure) {
        inFlight.acquireUninterruptibly();
        try {
            workers.execute(() -> {
                try {
                    publish(bulkId, issuer, group.files());
                }
                catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
                finally {
                    inFlight.release();
                }
            });
        }
        catch (RuntimeException e) {
            inFlight.release();
            throw e;
        }
    }

    private void awaitInFlight() {
        int all = properties.bulkWorkers() + 2;
        inFlight.acquireUninterruptibly(all);
        inFlight.release(all);
    }

    /** Whether an upload was kept unpacked; those taken before were kept as the ZIP itself. */
    private boolean unpacked(Slice slice) throws IOException {
        BlobId blob = new BlobId(slice.blob());
        long size = vault.describe(blob).orElseThrow(() -> new BlobNotFoundException(blob)).size();
        try (InputStream head = vault.open(blob, 0, Math.min(size, UnpackedZip.MAGIC.length))) {
            return UnpackedZip.isUnpacked(head.readAllBytes());
        }
    }

    /**
     * An upload taken before uploads were unpacked as they arrived still holds its ZIP: it is unpacked once,
     * under the same limits, before its first file is published.
     */
    private void unpackKeptZip(Slice slice) throws IOException {
        BlobId zipBlob = new BlobId(slice.blob());
        jdbc.sql("update issuer_bulk set lease_until = now() + make_interval(secs => ?) where id = ? and lease_token = ?")
                .params(seconds(UNPACKING_LEASE), slice.id(), slice.lease()).update();
        String refused = null;
        try (InputStream zip = vault.open(zipBlob)) {
            UnpackedZip.Unpacking unpacking = UnpackedZip.unpack(zip, limits(), inflated::increment, null);
            transactions.executeWithoutResult(status -> {
                StoredBlob stored = store(unpacking);
                int held = jdbc.sql("""
                        update issuer_bulk set zip_blob = ?, total = ?, lease_token = null, lease_until = null
                        where id = ? and lease_token = ?""")
                        .params(stored.id().value(), unpacking.files(), slice.id(), slice.lease()).update();
                if (held == 1) {
                    vault.delete(zipBlob);
                }
                else {
                    status.setRollbackOnly();
                }
            });
        }
        catch (BulkRefusedException e) {
            refused = e.getMessage();
        }
        if (refused != null) {
            finish(slice, "FAILED", refused);
        }
    }

    /** After an unexpected failure, nobody takes the upload up again for a while. */
    private void pause(Slice slice) {
        jdbc.sql("""
                update issuer_bulk set lease_token = null, lease_until = now() + make_interval(secs => ?)
                where id = ? and lease_token = ?""").params(seconds(RETRY_AFTER), slice.id(), slice.lease()).update();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    /**
     * Publishes a group of files in one transaction, each file with its line of the report, so that the
     * group costs one commit rather than one a file. A file that is refused before it writes anything has its
     * refusal recorded in the group's transaction. Should a file be refused after it wrote (a URI another file
     * took meanwhile), or be recorded already, or anything fail, the group is rolled back whole and its files
     * are published one by one, each as if it had come alone: a file's outcome never depends on its group.
     */
    private void publish(UUID bulkId, Issuer issuer, List<UnpackedZip.File> files) {
        if (files.size() > 1) {
            try {
                if (Boolean.TRUE.equals(transactions.execute(status -> publishTogether(bulkId, issuer, files, status)))) {
                    return;
                }
            }
            catch (RuntimeException e) {
                log.debug("A group of {} files of bulk upload {} is published file by file: {}", files.size(), bulkId,
                        e.toString());
            }
        }
        for (UnpackedZip.File file : files) {
            publish(bulkId, file.position(), file.name(), issuer, file.content());
        }
    }

    /** The group's files in the caller's transaction; false, with the transaction marked to roll back, if not all. */
    private boolean publishTogether(UUID bulkId, Issuer issuer, List<UnpackedZip.File> files,
            TransactionStatus status) {
        List<ReportLine> lines = new ArrayList<>(files.size());
        for (UnpackedZip.File file : files) {
            PushOutcome outcome = intake.publishFromBulk(issuer, file.content());
            if (status.isRollbackOnly()) {
                // Refused after it wrote: the intake marked the transaction. Marked here too, it rolls back quietly.
                status.setRollbackOnly();
                return false;
            }
            lines.add(new ReportLine(file.position(), file.name(), outcome));
        }
        if (record(bulkId, lines) < lines.size()) {
            status.setRollbackOnly();
            return false;
        }
        return true;
    }

    /**
     * The file and its report line commit together, so a resumed run neither repeats nor skips one. A file
     * that another node recorded first (after this node's lease ran out) keeps that node's outcome.
     */
    private void publish(UUID bulkId, int position, String name, Issuer issuer, byte[] file) {
        PushOutcome outcome = transactions.execute(status -> {
            PushOutcome result = intake.publishFromBulk(issuer, file);
            if (!(result instanceof Accepted) || !record(bulkId, position, name, result)) {
                status.setRollbackOnly();
            }
            return result;
        });
        if (outcome instanceof Refused) {
            record(bulkId, position, name, outcome);
        }
    }

    /** Records a file's outcome, unless it was recorded before; answers whether it was recorded now. */
    private boolean record(UUID bulkId, int position, String name, PushOutcome outcome) {
        return record(bulkId, List.of(new ReportLine(position, name, outcome))) == 1;
    }

    /** Records files' outcomes in one statement, each unless it was recorded before; answers how many were. */
    private int record(UUID bulkId, List<ReportLine> lines) {
        StringBuilder sql = new StringBuilder(
                "insert into issuer_bulk_item (bulk_id, position, entry, outcome, uri, code, reason) values ");
        List<Object> values = new ArrayList<>(lines.size() * 7);
        for (ReportLine line : lines) {
            sql.append(values.isEmpty() ? "(?, ?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?, ?)");
            boolean published = line.outcome() instanceof Accepted;
            values.addAll(Arrays.asList(bulkId, line.position(), line.name(),
                    published ? "published" : "refused",
                    published ? ((Accepted) line.outcome()).uri().toString() : null,
                    published ? null : ((Refused) line.outcome()).code(),
                    published ? null : ((Refused) line.outcome()).reason()));
        }
        return jdbc.sql(sql.append(" on conflict (bulk_id, position) do nothing").toString()).params(values).update();
    }

    /** Ends an upload, if this node still holds it: its ZIP's files leave the vault, its report stays. */
    private void finish(Slice slice, String status, String problem) {
        boolean finished = Boolean.TRUE.equals(transactions.execute(tx -> {
            int held = jdbc.sql("""
                    update issuer_bulk set status = ?, problem = ?, finished_at = ?, zip_blob = null, lease_token = null,
                           lease_until = null
                    where id = ? and lease_token = ?""")
                    .params(status, problem, utc(clock.instant()), slice.id(), slice.lease()).update();
            if (held == 0) {
                return false;
            }
            vault.delete(new BlobId(slice.blob()));
            BulkStatus done = status(slice.issuer(), new BulkId(slice.id())).orElseThrow();
            events.publishEvent(new BulkPublicationFinished(slice.issuer().value(), slice.id(), status, done.published(),
                    done.refused()));
            return true;
        }));
        if (finished) {
            log.info("Bulk upload {} of {}: {}{}", slice.id(), slice.issuer(), status, problem == null ? "" : " (" + problem + ")");
        }
    }

    /**
     * Stops taking slices; the one under way ends after the file it is at, and its files in flight are
     * published before the node goes.
     */
    @Override
    public void destroy() throws InterruptedException {
        stopping = true;
        runner.shutdown();
        if (!runner.awaitTermination(30, TimeUnit.SECONDS)) {
            runner.shutdownNow();
        }
        workers.shutdown();
        if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
            workers.shutdownNow();
        }
    }

    /** A CSV field, quoted when needed, and never read as a formula by a spreadsheet. */
    static String csv(String value) {
        if (value == null) {
            return "";
        }
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return safe.matches(".*[\",\r\n].*") || !safe.equals(value)
                ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }


    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /**
     * An upload this node holds for one slice: where to go on from, and the lease that proves it still holds it.
     */
    private record Slice(UUID id, IssuerId issuer, UUID blob, int position, long offset, UUID lease) {
    }

    /** A file's line of the report. */
    private record ReportLine(int position, String name, PushOutcome outcome) {
    }

    /**
     * Files of an upload published in one transaction: at most {@link #MOST_FILES}, and at most
     * {@link #MOST_BYTES} unless one file alone is larger, so that the groups in flight hold no more of the heap
     * than single files of the largest size would.
     */
    private static final class FileGroup {

        static final int MOST_FILES = 16;

        static final long MOST_BYTES = 1 << 20;

        private final List<UnpackedZip.File> files = new ArrayList<>(MOST_FILES);

        private long bytes;

        /** Takes the file if it fits; an empty group takes any file. */
        boolean add(UnpackedZip.File file) {
            if (!files.isEmpty() && (files.size() == MOST_FILES || bytes + file.content().length > MOST_BYTES)) {
                return false;
            }
            files.add(file);
            bytes += file.content().length;
            return true;
        }

        boolean isEmpty() {
            return files.isEmpty();
        }

        List<UnpackedZip.File> files() {
            return files;
        }
    }

    /** The answer to an upload: it waits in the queue. */
    public record BulkReceipt(BulkId bulkId, String status) {
    }

    /**
     * How far an upload is.
     *
     * @param total the number of files, once counted
     */
    public record BulkStatus(BulkId bulkId, String status, Integer total, int processed, int published, int refused,
            String problem, Instant uploadedAt, Instant finishedAt) {
    }
}
