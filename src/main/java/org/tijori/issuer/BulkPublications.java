package org.tijori.issuer;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StreamCorruptedException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.issuer.PushOutcome.Accepted;
import org.tijori.issuer.PushOutcome.Refused;
import org.tijori.issuer.events.BulkPublicationFinished;
import org.tijori.issuer.events.BulkPublicationReceived;
import org.tijori.storage.BlobId;
import org.tijori.storage.BlobIntegrityException;
import org.tijori.storage.BlobStorageException;
import org.tijori.storage.BlobTooLargeException;
import org.tijori.storage.BlobVault;
import org.tijori.storage.StoredBlob;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Bulk publishing: an issuer uploads a ZIP of up to 10,000 {@code PushUriRequest} files. The ZIP is
 * inflated once, while it arrives, under limits on its files, their sizes and their total that are counted
 * as the bytes inflate; an upload that passes one is refused and leaves nothing behind. Its files are kept
 * in the vault and processed in the background by one node at a time, by a few workers side by side, each
 * file published (or refused) in its own transaction together with its line of the report. Progress is the
 * count of report lines; a crash resumes with the files not yet recorded. The report says, file by file, the
 * URI or why the file was refused.
 */
@Service
public class BulkPublications {

    private static final Logger log = LoggerFactory.getLogger(BulkPublications.class);

    private final Issuers issuers;

    private final IssuedDocumentIntake intake;

    private final BlobVault vault;

    private final JdbcClient jdbc;

    private final TransactionTemplate transactions;

    private final ApplicationEventPublisher events;

    private final IssuerProperties properties;

    private final Clock clock;

    private final Counter inflated;

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
    }

    /**
     * Takes a ZIP sent over the API. The issuer proves itself before a byte of the ZIP is read
     * (DigiLocker's form authentication: client ID, ts and their hash with the secret), and the ZIP's
     * integrity after: {@code x-digilocker-hmac}, Base64 of HMAC-SHA256 over the ZIP with the secret.
     */
    public BulkReceipt upload(String clientId, String ts, String formHmac, String hmac, InputStream zip) {
        Optional<IssuerId> proven = intake.proveClient(clientId, ts, formHmac);
        Issuer issuer = proven.flatMap(issuers::find).orElse(null);
        if (issuer == null || issuer.clientSecret() == null) {
            throw new BulkRefusedException(BulkRefusedException.Kind.UNAUTHENTICATED, "invalid_client_id",
                    "clientid, ts or hmac is missing or invalid.");
        }
        Mac mac = IssuedDocumentIntake.hmacSha256(issuer.clientSecret());
        return receive(issuer, new FilterInputStream(zip) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    mac.update((byte) b);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    mac.update(buffer, offset, n);
                }
                return n;
            }
        }, () -> hmac != null && MessageDigest.isEqual(mac.doFinal(), decode(hmac)));
    }

    /** Takes a ZIP from a signed-in issuer of the portal. */
    public BulkReceipt upload(IssuerId issuerId, InputStream zip) {
        Issuer issuer = issuers.find(issuerId).orElseThrow(() -> new BulkRefusedException(
                BulkRefusedException.Kind.UNAUTHENTICATED, "invalid_client_id", "No such issuer."));
        return receive(issuer, zip, () -> true);
    }

    private BulkReceipt receive(Issuer issuer, InputStream zip, java.util.function.BooleanSupplier proven) {
        if (issuer.status() != IssuerStatus.APPROVED) {
            throw new BulkRefusedException(BulkRefusedException.Kind.FORBIDDEN, "issuer_not_active",
                    "The issuer is not approved to publish.");
        }
        UUID id = UUID.randomUUID();
        // Inflated here, once: the limits hold while the bytes arrive, and the background reads the files back
        // as they were unpacked.
        UnpackedZip.Unpacking unpacking = UnpackedZip.unpack(zip, limits(), inflated::increment);
        BulkReceipt receipt;
        try {
            receipt = transactions.execute(status -> {
                StoredBlob stored = store(unpacking);
                if (!proven.getAsBoolean()) {
                    throw new BulkRefusedException(BulkRefusedException.Kind.UNAUTHENTICATED, "invalid_hmac",
                            "The x-digilocker-hmac header is missing or does not match the ZIP and the client secret.");
                }
                jdbc.sql("""
                        insert into issuer_bulk (id, issuer_id, zip_blob, zip_sha256, status, total, uploaded_at)
                        values (?, ?, ?, ?, 'QUEUED', ?, ?)""")
                        .params(id, issuer.id().value(), stored.id().value(), unpacking.zipSha256(),
                                unpacking.files(), utc(clock.instant()))
                        .update();
                events.publishEvent(new BulkPublicationReceived(issuer.id().value(), id, unpacking.zipBytes()));
                return new BulkReceipt(id, "QUEUED");
            });
        }
        catch (DuplicateKeyException e) {
            throw new BulkRefusedException(BulkRefusedException.Kind.CONFLICT, "duplicate_upload",
                    "This ZIP was uploaded before; its report is there.");
        }
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
    public Optional<BulkStatus> status(IssuerId issuer, UUID id) {
        return jdbc.sql("""
                select b.id, b.status, b.total, b.problem, b.uploaded_at, b.finished_at,
                       count(i.position) as processed, count(i.position) filter (where i.outcome = 'published') as published,
                       count(i.position) filter (where i.outcome = 'refused') as refused
                from issuer_bulk b left join issuer_bulk_item i on i.bulk_id = b.id
                where b.issuer_id = ? and b.id = ?
                group by b.id""")
                .params(issuer.value(), id)
                .query((rs, row) -> new BulkStatus(rs.getObject("id", UUID.class), rs.getString("status"),
                        (Integer) rs.getObject("total"), rs.getInt("processed"), rs.getInt("published"),
                        rs.getInt("refused"), rs.getString("problem"),
                        rs.getObject("uploaded_at", OffsetDateTime.class).toInstant(),
                        Optional.ofNullable(rs.getObject("finished_at", OffsetDateTime.class))
                                .map(OffsetDateTime::toInstant).orElse(null)))
                .optional();
    }

    /** An issuer's most recent uploads, newest first, with their progress. */
    public java.util.List<BulkStatus> recent(IssuerId issuer, int limit) {
        return jdbc.sql("""
                select b.id from issuer_bulk b where b.issuer_id = ? order by b.uploaded_at desc limit ?""")
                .params(issuer.value(), limit).query(UUID.class).list().stream()
                .map(id -> status(issuer, id).orElseThrow()).toList();
    }

    /** Writes the per-file report of an upload of this issuer as CSV; false when there is no such upload. */
    public boolean writeReport(IssuerId issuer, UUID id, Writer out) throws IOException {
        if (status(issuer, id).isEmpty()) {
            return false;
        }
        out.write("position,file,outcome,uri,code,reason\r\n");
        for (var line : jdbc.sql("""
                select position, entry, outcome, uri, code, reason from issuer_bulk_item
                where bulk_id = ? order by position""").param(id)
                .query((rs, row) -> String.join(",", String.valueOf(rs.getInt("position")), csv(rs.getString("entry")),
                        rs.getString("outcome"), csv(rs.getString("uri")), csv(rs.getString("code")),
                        csv(rs.getString("reason"))))
                .list()) {
            out.write(line);
            out.write("\r\n");
        }
        return true;
    }

    /** Processes queued uploads, one node at a time; an interrupted one resumes where it stopped. */
    @Scheduled(initialDelay = 5_000, fixedDelay = 5_000)
    @SchedulerLock(name = "issuer-bulk", lockAtMostFor = "6h")
    public void processQueued() {
        for (;;) {
            Optional<Queued> next = jdbc.sql("""
                    select id, issuer_id, zip_blob from issuer_bulk
                    where status in ('QUEUED', 'RUNNING') order by uploaded_at limit 1""")
                    .query((rs, row) -> new Queued(rs.getObject("id", UUID.class), new IssuerId(rs.getString("issuer_id")),
                            rs.getObject("zip_blob", UUID.class)))
                    .optional();
            if (next.isEmpty()) {
                return;
            }
            process(next.get());
        }
    }

    private void process(Queued bulk) {
        jdbc.sql("update issuer_bulk set status = 'RUNNING', started_at = coalesce(started_at, ?) where id = ?")
                .params(utc(clock.instant()), bulk.id()).update();
        Issuer issuer = issuers.find(bulk.issuer()).orElseThrow();
        java.util.BitSet recorded = new java.util.BitSet();
        jdbc.sql("select position from issuer_bulk_item where bulk_id = ?").param(bulk.id())
                .query(Integer.class).list().forEach(recorded::set);
        int workers = properties.bulkWorkers();
        java.util.concurrent.atomic.AtomicInteger threads = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(workers,
                task -> new Thread(task, "issuer-bulk-" + threads.incrementAndGet()));
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(workers + 2);
        java.util.concurrent.atomic.AtomicReference<RuntimeException> failure = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            try (InputStream in = vault.open(new BlobId(bulk.zip()));
                    UnpackedZip.Reader files = new UnpackedZip.Reader(in, 0, 1, intake.maxRequestBytes())) {
                for (UnpackedZip.File file; (file = files.next()) != null && failure.get() == null;) {
                    if (recorded.get(file.position())) {
                        continue;
                    }
                    if (file.content() == null) {
                        // Only when the push size limit was lowered after the upload was taken.
                        record(bulk.id(), file.position(), file.name(), new Refused(null, null,
                                PushOutcome.Refusal.TOO_LARGE, "request_too_large", "The file is larger than "
                                        + UnpackedZip.size(intake.maxRequestBytes()) + "."));
                        continue;
                    }
                    UnpackedZip.File taken = file;
                    inFlight.acquireUninterruptibly();
                    pool.execute(() -> {
                        try {
                            publish(bulk.id(), taken.position(), taken.name(), issuer, taken.content());
                        }
                        catch (RuntimeException e) {
                            failure.compareAndSet(null, e);
                        }
                        finally {
                            inFlight.release();
                        }
                    });
                }
            }
            pool.shutdown();
            awaitTermination(pool);
            if (failure.get() != null) {
                // Left RUNNING: the next run resumes after the files recorded so far.
                throw failure.get();
            }
            finish(bulk, "DONE", null);
        }
        catch (StreamCorruptedException | EOFException | BlobIntegrityException e) {
            pool.shutdown();
            awaitTermination(pool);
            finish(bulk, "FAILED", "The upload could not be read back from the vault.");
        }
        catch (IOException e) {
            throw new UncheckedIOException("could not read bulk upload " + bulk.id(), e);
        }
        finally {
            pool.shutdownNow();
        }
    }

    private static void awaitTermination(java.util.concurrent.ExecutorService pool) {
        try {
            while (!pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES)) {
                log.debug("Waiting for bulk workers to finish");
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing a bulk upload", e);
        }
    }

    /** The file and its report line commit together, so a resumed run neither repeats nor skips one. */
    private void publish(UUID bulkId, int position, String name, Issuer issuer, byte[] file) {
        PushOutcome outcome = transactions.execute(status -> {
            PushOutcome result = intake.publishFromBulk(issuer, file);
            if (result instanceof Accepted) {
                record(bulkId, position, name, result);
            }
            else {
                status.setRollbackOnly();
            }
            return result;
        });
        if (outcome instanceof Refused) {
            record(bulkId, position, name, outcome);
        }
    }

    private void record(UUID bulkId, int position, String name, PushOutcome outcome) {
        boolean published = outcome instanceof Accepted;
        jdbc.sql("""
                insert into issuer_bulk_item (bulk_id, position, entry, outcome, uri, code, reason)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(bulkId, position, name, published ? "published" : "refused",
                        published ? ((Accepted) outcome).uri().toString() : null,
                        published ? null : ((Refused) outcome).code(), published ? null : ((Refused) outcome).reason())
                .update();
    }

    private void finish(Queued bulk, String status, String problem) {
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("update issuer_bulk set status = ?, problem = ?, finished_at = ?, zip_blob = null where id = ?")
                    .params(status, problem, utc(clock.instant()), bulk.id()).update();
            vault.delete(new BlobId(bulk.zip()));
            BulkStatus done = status(bulk.issuer(), bulk.id()).orElseThrow();
            events.publishEvent(new BulkPublicationFinished(bulk.issuer().value(), bulk.id(), status, done.published(),
                    done.refused()));
        });
        log.info("Bulk upload {} of {}: {}{}", bulk.id(), bulk.issuer(), status, problem == null ? "" : " (" + problem + ")");
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


    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64.strip());
        }
        catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private record Queued(UUID id, IssuerId issuer, UUID zip) {
    }

    /** The answer to an upload: it waits in the queue. */
    public record BulkReceipt(UUID bulkId, String status) {
    }

    /**
     * How far an upload is.
     *
     * @param total the number of files, once counted
     */
    public record BulkStatus(UUID bulkId, String status, Integer total, int processed, int published, int refused,
            String problem, Instant uploadedAt, Instant finishedAt) {
    }
}
