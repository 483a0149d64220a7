package org.tijori.sharing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.account.AccountId;
import org.tijori.account.RateLimits;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.HeldDocument;
import org.tijori.issuer.HeldDocuments;
import org.tijori.issuer.HindiNames;
import org.tijori.issuer.IssuedDocuments;
import org.tijori.locker.IssuedLocker;
import org.tijori.locker.LockerProblemException;
import org.tijori.locker.UploadId;
import org.tijori.locker.UploadedDocument;
import org.tijori.locker.UploadedDocuments;
import org.tijori.notification.MailAddress;
import org.tijori.sharing.SharingProblemException.Kind;
import org.tijori.sharing.events.ShareLinkCreated;
import org.tijori.sharing.events.ShareLinkLocked;
import org.tijori.sharing.events.ShareLinkOpened;
import org.tijori.sharing.events.ShareLinkRevoked;
import org.tijori.storage.BlobNotFoundException;
import org.tijori.storage.BlobVault;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Residents share their documents with someone by an e-mail link, and the recipient opens it (issue 17).
 * <p>
 * For the resident: {@link #share} checks limits first, then the request, then that every document is the
 * resident's own, and only then stores the share and its e-mail together; {@link #shares} lists them with every
 * opening; {@link #revoke} ends one. For the recipient: {@link #arrive} and {@link #enterCode} open the link's page
 * (counting an opening, see {@link ShareLink}), {@link #content} hands out a document of an open visit. A token is
 * found by its hash, with one query whether it exists or not.
 */
@Service
public class DocumentSharing {

    private static final Logger log = LoggerFactory.getLogger(DocumentSharing.class);

    static final int DEFAULT_HOURS = 168;

    static final int MAX_HOURS = 720;

    static final int MIN_CODE = 4;

    static final int MAX_CODE = 64;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ShareLinks links;

    private final HeldDocuments held;

    private final IssuedDocuments issued;

    private final IssuedLocker issuedLocker;

    private final UploadedDocuments uploads;

    private final RateLimits limits;

    private final RateLimits.RateLimit sharesPerResident;

    private final RateLimits.RateLimit mailsPerRecipient;

    private final PasswordEncoder passwords;

    private final String unknownCodeHash;

    private final ShareMails mails;

    private final StampedCopies stamps;

    private final KeptStampedCopies copies;

    private final BlobVault vault;

    /**
     * Stamping one share's document is done by one request of this node at a time (the others wait for its copy);
     * requests on other nodes are settled by {@link KeptStampedCopies#keep}, which keeps one copy.
     */
    private final ReentrantLock[] stamping = new ReentrantLock[64];

    private final ApplicationEventPublisher events;

    private final TransactionTemplate transactions;

    private final Clock clock;

    private final SharingProperties properties;

    DocumentSharing(ShareLinks links, HeldDocuments held, IssuedDocuments issued, IssuedLocker issuedLocker,
            UploadedDocuments uploads, RateLimits limits, PasswordEncoder passwords, ShareMails mails,
            StampedCopies stamps, KeptStampedCopies copies, BlobVault vault, ApplicationEventPublisher events,
            TransactionTemplate transactions, Clock clock, SharingProperties properties) {
        this.links = links;
        this.held = held;
        this.issued = issued;
        this.issuedLocker = issuedLocker;
        this.uploads = uploads;
        this.limits = limits;
        this.sharesPerResident = new RateLimits.RateLimit("sharing-resident", properties.sharesPerHour(),
                Duration.ofHours(1));
        this.mailsPerRecipient = new RateLimits.RateLimit("sharing-recipient", properties.mailsPerRecipientPerDay(),
                Duration.ofDays(1));
        this.passwords = passwords;
        // Compared against when a code is sent to a link that does not exist, so that it takes as long as a real one.
        this.unknownCodeHash = passwords.encode("no such share link " + RANDOM.nextLong());
        this.mails = mails;
        this.stamps = stamps;
        this.copies = copies;
        this.vault = vault;
        for (int i = 0; i < stamping.length; i++) {
            stamping[i] = new ReentrantLock();
        }
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
        this.properties = properties;
    }

    /** The limits a resident's share form shows. */
    public SharingProperties settings() {
        return properties;
    }

    /**
     * Shares documents of the resident's with one e-mail address, and sends the address its link.
     *
     * @throws SharingProblemException {@code RATE_LIMITED} past the resident's shares an hour or the recipient's
     *                                 e-mails a day, {@code INVALID} for a request out of range,
     *                                 {@code NOT_FOUND} when a document is not the resident's; nothing is stored
     *                                 or sent then
     */
    public Created share(AccountId account, String senderName, ShareRequest request) {
        if (!limits.tryAcquire(sharesPerResident, account.toString())) {
            throw new SharingProblemException(Kind.RATE_LIMITED, "shares-limit", new Object[] { properties.sharesPerHour() },
                    "You created " + properties.sharesPerHour() + " shares in the last hour, the most an hour "
                            + "allows; try again later.", 3600);
        }
        MailAddress recipient = recipient(request.email());
        int hours = request.expiresInHours() == null ? DEFAULT_HOURS : request.expiresInHours();
        if (hours < 1 || hours > MAX_HOURS) {
            throw invalid("expiry", new Object[] { MAX_HOURS / 24 }, "expiresInHours is 1 to " + MAX_HOURS + " (30 days).");
        }
        if (request.maxViews() != null && (request.maxViews() < 1 || request.maxViews() > properties.maxViews())) {
            throw invalid("views", new Object[] { properties.maxViews() },
                    "maxViews is 1 to " + properties.maxViews() + ", or left out for no limit.");
        }
        String code = request.accessCode() == null || request.accessCode().isBlank() ? null
                : request.accessCode().strip();
        if (code != null && (code.length() < MIN_CODE || code.length() > MAX_CODE)) {
            throw invalid("access-code", new Object[] { MIN_CODE, MAX_CODE },
                    "An access code has " + MIN_CODE + " to " + MAX_CODE + " characters.");
        }
        List<SharedDocument> documents = documents(account, request.documents());
        if (!limits.tryAcquire(mailsPerRecipient, recipientKey(recipient))) {
            throw new SharingProblemException(Kind.RATE_LIMITED, "recipient-limit",
                    new Object[] { properties.mailsPerRecipientPerDay() }, "This address received "
                            + properties.mailsPerRecipientPerDay() + " shared links today, the most a day allows; "
                            + "try again tomorrow.", 86_400);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        ShareToken token = ShareToken.random();
        ShareLink link = new ShareLink(ShareId.random(), account, senderName, recipient.value(),
                request.language() == null ? Locale.ENGLISH : request.language(), documents, now,
                now.plus(Duration.ofHours(hours)), request.maxViews(), code == null ? null : passwords.encode(code),
                request.downloadAllowed() == null || request.downloadAllowed(),
                request.notifyFirstOpening() == null || request.notifyFirstOpening(), 0, 0, null, null, null);
        transactions.executeWithoutResult(status -> {
            links.insert(link, token.sha256());
            mails.sendLink(link, recipient, token);
            events.publishEvent(new ShareLinkCreated(account, link.id().toString(), recipient.value(),
                    documents.size(), link.expiresAt()));
        });
        return new Created(link.id(), link.expiresAt());
    }

    /** The resident's shares, newest first, each with its state now and every opening. */
    public List<Share> shares(AccountId account) {
        Instant now = clock.instant();
        Map<ShareId, List<ShareOpening>> openings = links.openings(account);
        return links.list(account).stream()
                .map(link -> new Share(link, link.state(now), openings.getOrDefault(link.id(), List.of()))).toList();
    }

    /**
     * Ends one of the resident's shares; ending an ended one again changes nothing.
     *
     * @throws SharingProblemException {@code NOT_FOUND} when the resident has no such share
     */
    public void revoke(AccountId account, ShareId id) {
        transactions.executeWithoutResult(status -> {
            ShareLink link = links.find(account, id, true).orElseThrow(() -> new SharingProblemException(
                    Kind.NOT_FOUND, "There is no such share in your locker."));
            end(link, "revoked");
        });
    }

    /** Ends every share of the resident's that opens this document (it is being deleted). */
    void endSharesOf(AccountId account, SharedDocument.Kind kind, String reference, String reason) {
        for (ShareId id : links.sharing(account, kind, reference)) {
            transactions.executeWithoutResult(status -> links.find(account, id, true).ifPresent(link -> end(link,
                    reason)));
        }
    }

    /** Ends every share of the resident's (the account is closing). */
    void endAllSharesOf(AccountId account, String reason) {
        for (ShareId id : links.all(account)) {
            transactions.executeWithoutResult(status -> links.find(account, id, true).ifPresent(link -> end(link,
                    reason)));
        }
    }

    /** Forgets a closed account's shares altogether, their stamped copies first. */
    void forget(AccountId account) {
        transactions.executeWithoutResult(status -> {
            copies.dropAll(account);
            links.deleteAll(account);
        });
    }

    /** Ends a share whose row the caller's transaction holds for update, and drops its stamped copies with it. */
    private void end(ShareLink link, String reason) {
        copies.drop(link.account(), link.id());
        if (link.revoke(clock.instant(), reason)) {
            links.update(link);
            events.publishEvent(new ShareLinkRevoked(link.account(), link.id().toString(), reason));
        }
    }

    /**
     * The recipient arrives at a link's page: in a visit already, or counting a new opening (when no access code is
     * needed).
     *
     * @param visitKey the visit cookie the browser sent, or null
     */
    public Arrival arrive(String token, String visitKey, String clientAddress, String userAgent) {
        Optional<ShareLink> found = links.findByToken(ShareToken.sha256(token == null ? "" : token), false);
        if (found.isEmpty() || ShareToken.parse(token).isEmpty()) {
            return new Unknown();
        }
        Instant now = clock.instant();
        ShareLink link = found.get();
        if (visitKey != null && links.inVisit(link, visitSha256(visitKey), now) && link.admits(now, true)) {
            return new Admitted(view(link), null);
        }
        ShareState state = link.state(now);
        if (!state.active()) {
            return new Gone(state);
        }
        if (link.needsAccessCode()) {
            return new CodeRequired(link.senderName(), false, properties.codeTries() - link.failedCodes());
        }
        return open(token, ApproximateClient.of(clientAddress, userAgent));
    }

    /** The recipient sends the access code from the link's page; the {@code codeTries}-th wrong one locks it. */
    public Arrival enterCode(String token, String code, String clientAddress, String userAgent) {
        Optional<ShareLink> found = links.findByToken(ShareToken.sha256(token == null ? "" : token), false);
        String given = code == null ? "" : code.strip();
        if (given.length() > MAX_CODE) {
            given = given.substring(0, MAX_CODE + 1);
        }
        if (found.isEmpty() || ShareToken.parse(token).isEmpty()) {
            passwords.matches(given, unknownCodeHash);
            return new Unknown();
        }
        ShareLink link = found.get();
        ShareState state = link.state(clock.instant());
        if (!state.active()) {
            return new Gone(state);
        }
        ApproximateClient client = ApproximateClient.of(clientAddress, userAgent);
        if (!link.needsAccessCode() || passwords.matches(given, link.accessCodeHash())) {
            return open(token, client);
        }
        return transactions.execute(status -> {
            ShareLink locked = links.findByToken(ShareToken.sha256(token), true).orElseThrow();
            Instant now = clock.instant();
            if (!locked.state(now).active()) {
                return new Gone(locked.state(now));
            }
            boolean lockedNow = locked.recordWrongCode(now, properties.codeTries());
            links.update(locked);
            links.recordOpening(locked, new ShareOpening(now, client.network(), client.agent(), "wrong access code"));
            if (lockedNow) {
                events.publishEvent(new ShareLinkLocked(locked.account(), locked.id().toString(), client.describe()));
                return new Gone(ShareState.LOCKED);
            }
            return new CodeRequired(locked.senderName(), true, properties.codeTries() - locked.failedCodes());
        });
    }

    /** Counts an opening of an active link and starts a visit. */
    private Arrival open(String token, ApproximateClient client) {
        return transactions.execute(status -> {
            ShareLink link = links.findByToken(ShareToken.sha256(token), true).orElseThrow();
            Instant now = clock.instant();
            ShareState state = link.state(now);
            if (!state.active()) {
                return new Gone(state);
            }
            boolean first = link.recordOpening(now);
            links.update(link);
            links.recordOpening(link, new ShareOpening(now, client.network(), client.agent(), "page"));
            String visit = randomKey();
            links.startVisit(link, visitSha256(visit), now.plus(properties.visit()));
            events.publishEvent(new ShareLinkOpened(link.account(), link.id().toString(), "page", client.describe(),
                    first));
            return new Admitted(view(link), visit);
        });
    }

    /**
     * A document of a link the recipient is visiting: its picture or, for an image, the image itself
     * ({@code download} false), or the document to keep ({@code download} true; a PDF stamped with who shared it
     * with whom until when, anything else as it is). A download is recorded as an opening that does not count.
     *
     * @throws SharingProblemException {@code NOT_FOUND} for an unknown link, no visit, or no such document;
     *                                 {@code VIEW_ONLY} for a download the resident did not allow
     * @throws ShareLinkExpiredException when the link stopped opening since the visit began
     */
    public Content content(String token, String visitKey, int index, boolean download, String clientAddress,
            String userAgent) throws IOException {
        Instant now = clock.instant();
        if (ShareToken.parse(token).isEmpty() || visitKey == null) {
            throw noSuchDocument();
        }
        Optional<ShareLink> found = links.findInVisit(ShareToken.sha256(token), visitSha256(visitKey), now);
        if (found.isEmpty()) {
            throw noSuchDocument();
        }
        ShareLink link = found.get();
        if (!link.admits(now, true)) {
            throw new ShareLinkExpiredException(link.state(now));
        }
        if (index < 0 || index >= link.documents().size()) {
            throw noSuchDocument();
        }
        if (download && !link.downloadAllowed()) {
            throw new SharingProblemException(Kind.VIEW_ONLY, "The sender lets you view these documents, not "
                    + "download them.");
        }
        SharedDocument document = link.documents().get(index);
        Content content;
        try {
            content = download ? download(link, index, document) : view(link, document);
        }
        catch (LockerProblemException e) {
            if (e.kind() == LockerProblemException.Kind.BUSY) {
                throw new SharingProblemException(Kind.BUSY, "Pictures of documents are being drawn for others just "
                        + "now; try again in a moment.", 2);
            }
            throw noSuchDocument();
        }
        if (download) {
            ApproximateClient client = ApproximateClient.of(clientAddress, userAgent);
            String what = "download: " + document.name();
            transactions.executeWithoutResult(status -> {
                links.recordOpening(link, new ShareOpening(now, client.network(), client.agent(), what));
                events.publishEvent(new ShareLinkOpened(link.account(), link.id().toString(), what, client.describe(),
                        false));
            });
        }
        return content;
    }

    private Content view(ShareLink link, SharedDocument document) throws IOException {
        if (document.kind() == SharedDocument.Kind.ISSUED) {
            byte[] png = issuedLocker.preview(link.account(), DocumentUri.parse(document.reference()))
                    .orElseThrow(DocumentSharing::noSuchDocument);
            return new Content(document.name() + ".png", "image/png", png.length, new ByteArrayInputStream(png));
        }
        UploadId id = new UploadId(java.util.UUID.fromString(document.reference()));
        UploadedDocument upload = uploads.find(link.account(), id).filter(found -> !found.inBin())
                .orElseThrow(DocumentSharing::noSuchDocument);
        if (upload.isImage()) {
            UploadedDocuments.Download read = uploads.read(link.account(), id);
            return new Content(read.name(), read.mediaType(), read.size(), read.content());
        }
        byte[] png = uploads.thumbnail(link.account(), id).orElseThrow(DocumentSharing::noSuchDocument);
        return new Content(document.name() + ".png", "image/png", png.length, new ByteArrayInputStream(png));
    }

    /**
     * A document to keep: anything but a PDF as it is; a PDF as its stamped copy, stamped the first time one of the
     * share's recipients downloads it and kept in the vault for every download after (the stamp line is the same
     * for all of them), stamped again only when an issued document prints a new PDF.
     */
    private Content download(ShareLink link, int index, SharedDocument document) throws IOException {
        String name;
        String source;
        UploadId upload = null;
        DocumentUri uri = null;
        if (document.kind() == SharedDocument.Kind.ISSUED) {
            uri = DocumentUri.parse(document.reference());
            name = uri + ".pdf";
            source = issued.pdfSha256(link.account(), uri).orElseThrow(DocumentSharing::noSuchDocument);
        }
        else {
            upload = new UploadId(java.util.UUID.fromString(document.reference()));
            UploadedDocument found = uploads.find(link.account(), upload).filter(u -> !u.inBin())
                    .orElseThrow(DocumentSharing::noSuchDocument);
            if (!"application/pdf".equals(found.mediaType())) {
                UploadedDocuments.Download read = uploads.read(link.account(), upload);
                return new Content(read.name(), read.mediaType(), read.size(), read.content());
            }
            name = found.name();
            // An upload's content never changes: its ID names it.
            source = "upload:" + upload;
        }
        Optional<Content> kept = kept(link, index, source);
        if (kept.isPresent()) {
            return kept.get();
        }
        ReentrantLock lock = stamping[Math.floorMod(link.id().hashCode() * 31 + index, stamping.length)];
        lock.lock();
        try {
            // Another request may have stamped it while this one waited.
            kept = kept(link, index, source);
            if (kept.isPresent()) {
                return kept.get();
            }
            String line = "Shared by " + link.senderName() + " with " + link.recipient() + " until "
                    + ShareMails.time(link.expiresAt());
            InputStream pdf = uri != null
                    ? issued.openPdf(link.account(), uri).orElseThrow(DocumentSharing::noSuchDocument)
                    : uploads.read(link.account(), upload).content();
            byte[] stamped = stamped(pdf, line);
            copies.keep(link, index, source, stamped, name, "application/pdf", clock.instant());
            // Whichever copy was kept, this one carries the same line: it is handed out as it is.
            return new Content(name, "application/pdf", stamped.length, new ByteArrayInputStream(stamped));
        }
        finally {
            lock.unlock();
        }
    }

    /** The copy kept of a share's document when it was stamped from {@code source}. */
    private Optional<Content> kept(ShareLink link, int index, String source) throws IOException {
        Optional<KeptStampedCopies.Copy> copy = copies.find(link, index);
        if (copy.isEmpty() || !copy.get().sourceSha256().equals(source)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Content(copy.get().name(), copy.get().mediaType(), copy.get().size(),
                    vault.open(copy.get().blob())));
        }
        catch (BlobNotFoundException e) {
            // Collected a moment ago (its share ended since this request's checks): stamped afresh, kept no more.
            return Optional.empty();
        }
    }

    /** The stamped copy, held in memory: a shared PDF is at most an upload's size or an issued document's. */
    private byte[] stamped(InputStream pdf, String line) throws IOException {
        try (pdf) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            stamps.stamp(pdf, out, line);
            return out.toByteArray();
        }
        catch (UnstampablePdfException e) {
            log.warn("A shared PDF cannot carry its stamp, so it is not handed out: {}", e.getMessage());
            throw new SharingProblemException(Kind.UNSTAMPABLE, "This PDF cannot carry the stamp that every copy "
                    + "downloaded from a share link carries (" + e.reason().name().toLowerCase(Locale.ROOT)
                    .replace('_', ' ') + "), so it cannot be downloaded from the link; view it on the page instead.");
        }
    }

    /** What the recipient's page shows of a link. */
    private RecipientView view(ShareLink link) {
        LocalDate today = LocalDate.now(clock.withZone(ShareMails.INDIA));
        List<RecipientDocument> documents = new ArrayList<>();
        int index = 0;
        for (SharedDocument document : link.documents()) {
            if (document.kind() == SharedDocument.Kind.ISSUED) {
                Optional<HeldDocument> found = held.find(link.account(), DocumentUri.parse(document.reference()));
                documents.add(found.map(h -> new RecipientDocument(0, document, true, "application/pdf", h.issuerName(),
                        h.docTypeName(), h.standing(today), h.legacySignature(), h.issuerNameHi(), h.docTypeNameHi()))
                        .orElse(new RecipientDocument(0, document, false, null, null, null, null, false, null, null))
                        .at(index++));
            }
            else {
                Optional<UploadedDocument> found = UploadId.parse(document.reference())
                        .flatMap(id -> uploads.find(link.account(), id)).filter(upload -> !upload.inBin());
                documents.add(new RecipientDocument(index++, document, found.isPresent(),
                        found.map(UploadedDocument::mediaType).orElse(null), null, null, null, false, null, null));
            }
        }
        return new RecipientView(link.senderName(), link.expiresAt(), link.downloadAllowed(), documents);
    }

    private List<SharedDocument> documents(AccountId account, List<DocumentReference> requested) {
        if (requested == null || requested.isEmpty()) {
            throw invalid("no-documents", new Object[0], "Name at least one document to share.");
        }
        if (requested.size() > properties.maxDocuments()) {
            throw invalid("too-many-documents", new Object[] { properties.maxDocuments() },
                    "A share holds at most " + properties.maxDocuments() + " documents.");
        }
        Set<String> seen = new LinkedHashSet<>();
        List<SharedDocument> documents = new ArrayList<>();
        for (DocumentReference reference : requested) {
            if (reference == null || reference.kind() == null) {
                throw invalid("Each document has a kind, issued or uploaded.");
            }
            SharedDocument document = switch (reference.kind().toLowerCase(Locale.ROOT)) {
                case "issued" -> issuedDocument(account, reference.uri());
                case "uploaded" -> uploadedDocument(account, reference.id());
                default -> throw invalid("A document's kind is issued or uploaded.");
            };
            if (seen.add(document.kind() + ":" + document.reference())) {
                documents.add(document);
            }
        }
        return documents;
    }

    private SharedDocument issuedDocument(AccountId account, String uri) {
        if (uri == null || uri.isBlank()) {
            throw invalid("An issued document is named by its uri.");
        }
        DocumentUri parsed;
        try {
            parsed = DocumentUri.parse(uri);
        }
        catch (IllegalArgumentException e) {
            throw noSuchDocument();
        }
        HeldDocument document = held.find(account, parsed).orElseThrow(DocumentSharing::noSuchDocument);
        return new SharedDocument(SharedDocument.Kind.ISSUED, parsed.toString(), document.docName());
    }

    private SharedDocument uploadedDocument(AccountId account, String id) {
        if (id == null || id.isBlank()) {
            throw invalid("An uploaded document is named by its id.");
        }
        UploadedDocument document = UploadId.parse(id).flatMap(upload -> uploads.find(account, upload))
                .filter(upload -> !upload.inBin()).orElseThrow(DocumentSharing::noSuchDocument);
        return new SharedDocument(SharedDocument.Kind.UPLOADED, document.id().toString(), document.name());
    }

    private static MailAddress recipient(String email) {
        try {
            return new MailAddress(email);
        }
        catch (IllegalArgumentException e) {
            throw invalid("email", new Object[0], e.getMessage() + ".");
        }
    }

    /** The recipient's bucket is named by a hash of the address, so that the limits' table holds no addresses. */
    private static String recipientKey(MailAddress address) {
        return HexFormat.of().formatHex(ShareToken.sha256(address.value().toLowerCase(Locale.ROOT)));
    }

    private static byte[] visitSha256(String visitKey) {
        return ShareToken.sha256("visit:" + visitKey);
    }

    private static String randomKey() {
        byte[] bits = new byte[32];
        RANDOM.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    private static SharingProblemException invalid(String message) {
        return new SharingProblemException(Kind.INVALID, message);
    }

    private static SharingProblemException invalid(String code, Object[] arguments, String message) {
        return new SharingProblemException(Kind.INVALID, code, arguments, message, 0);
    }

    private static SharingProblemException noSuchDocument() {
        return new SharingProblemException(Kind.NOT_FOUND, "There is no such document in your locker.");
    }

    @Scheduled(initialDelay = 120_000, fixedDelay = 600_000)
    @SchedulerLock(name = "sharing-visits")
    void forgetEndedVisits() {
        links.forgetVisitsBefore(clock.instant());
    }

    @Scheduled(initialDelay = 150_000, fixedDelay = 600_000)
    @SchedulerLock(name = "sharing-stamped-copies")
    void collectEndedCopiesOnSchedule() {
        collectEndedCopies();
    }

    /**
     * Deletes the stamped copies of shares that hand out nothing any more (expired, used up with no visit left,
     * or ended by any way that did not drop them at once), with their blobs.
     *
     * @return how many were deleted
     */
    int collectEndedCopies() {
        int dropped = 0;
        List<KeptStampedCopies.Copy> ended;
        do {
            ended = copies.ended(clock.instant(), 500);
            for (KeptStampedCopies.Copy copy : ended) {
                transactions.executeWithoutResult(status -> copies.dropCopy(copy));
            }
            dropped += ended.size();
        }
        while (ended.size() == 500);
        if (dropped > 0) {
            log.info("Deleted the stamped copies of {} shared documents whose shares ended", dropped);
        }
        return dropped;
    }

    /** A document to name in a share request. */
    public record DocumentReference(String kind, String uri, String id) {
    }

    /**
     * What a resident asks to share.
     *
     * @param expiresInHours 1 to 720; null for 168 (7 days)
     * @param maxViews the most openings, or null for no limit
     * @param accessCode a code the recipient must give, told another way; null or blank for none
     * @param downloadAllowed null for true
     * @param notifyFirstOpening whether the resident is told when the link is first opened; null for true
     * @param language the language the recipient's e-mail is written in (the resident's)
     */
    public record ShareRequest(List<DocumentReference> documents, String email, Integer expiresInHours,
            Integer maxViews, String accessCode, Boolean downloadAllowed, Boolean notifyFirstOpening,
            Locale language) {
    }

    /** A share just made. */
    public record Created(ShareId id, Instant expiresAt) {
    }

    /** A share as its resident's list shows it. */
    public record Share(ShareLink link, ShareState state, List<ShareOpening> openings) {
    }

    /** What happens when the recipient arrives at a link. */
    public sealed interface Arrival permits Unknown, Gone, CodeRequired, Admitted {
    }

    /** No link has this token. */
    public record Unknown() implements Arrival {
    }

    /** The link no longer opens. */
    public record Gone(ShareState state) implements Arrival {
    }

    /** The link asks for its access code first. */
    public record CodeRequired(String senderName, boolean wrong, int triesLeft) implements Arrival {
    }

    /**
     * The recipient is in: the page shows {@code view}.
     *
     * @param newVisit the key of the visit just begun, for the browser's cookie; null when it continues one
     */
    public record Admitted(RecipientView view, String newVisit) implements Arrival {
    }

    /** What the recipient's page shows. */
    public record RecipientView(String senderName, Instant expiresAt, boolean downloadAllowed,
            List<RecipientDocument> documents) {
    }

    /**
     * One document on the recipient's page.
     *
     * @param available false when the resident no longer holds it
     * @param standing an issued document's status today ({@code ACTIVE}, {@code REVOKED}, {@code EXPIRED}, ...)
     * @param legacySignature whether its issuer signed with RSA-SHA1
     * @param issuerNameHi the issuer's Hindi name, or null
     * @param docTypeNameHi the doc type's Hindi name, or null
     */
    public record RecipientDocument(int index, SharedDocument document, boolean available, String mediaType,
            String issuerName, String docTypeName, String standing, boolean legacySignature, String issuerNameHi,
            String docTypeNameHi) {

        RecipientDocument at(int position) {
            return new RecipientDocument(position, document, available, mediaType, issuerName, docTypeName, standing,
                    legacySignature, issuerNameHi, docTypeNameHi);
        }

        /** The issuer's name as a reader of this language reads it: in Hindi when the issuer gave one. */
        public String issuerName(Locale locale) {
            return HindiNames.pick(locale, issuerName, issuerNameHi);
        }

        /** The doc type's name as a reader of this language reads it: in Hindi when the issuer gave one. */
        public String docTypeName(Locale locale) {
            return HindiNames.pick(locale, docTypeName, docTypeNameHi);
        }

        public boolean issued() {
            return document.kind() == SharedDocument.Kind.ISSUED;
        }

        public boolean image() {
            return mediaType != null && mediaType.startsWith("image/");
        }
    }

    /** A document's bytes as the recipient receives them. */
    public record Content(String name, String mediaType, long size, InputStream stream) {
    }
}
