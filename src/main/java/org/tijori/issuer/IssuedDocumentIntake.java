package org.tijori.issuer;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.tijori.account.AccountId;
import org.tijori.account.LockerId;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.identity.NationalId;
import org.tijori.identity.NationalIdLinks;
import org.tijori.issuer.PushOutcome.Accepted;
import org.tijori.issuer.PushOutcome.Delivery;
import org.tijori.issuer.PushOutcome.Refusal;
import org.tijori.issuer.PushOutcome.Refused;
import org.tijori.issuer.events.DocumentDelivered;
import org.tijori.issuer.events.DocumentPublished;
import org.tijori.issuer.events.DocumentWithdrawn;
import org.tijori.issuer.events.LockerLookedUp;
import org.tijori.issuer.events.PushRefused;
import org.tijori.signing.RootElement;
import org.tijori.signing.SecureXml;
import org.tijori.signing.SignatureCheck;
import org.tijori.signing.XmlRejectedException;
import org.tijori.signing.XmlSignatures;
import org.tijori.storage.BlobVault;
import org.tijori.storage.StoredBlob;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import static org.tijori.issuer.XmlElements.attribute;
import static org.tijori.issuer.XmlElements.child;
import static org.tijori.issuer.XmlElements.localName;
import static org.tijori.issuer.XmlElements.text;

/**
 * Takes issuers' pushes into the repository (API.md 4.2): a {@code PushUriRequest} proven by the
 * issuer's HMAC, API key hash, a fresh timestamp and an unused transaction ID, carrying a Certificate
 * XML signed with the issuer's registered certificate. The document is stored through the vault and
 * delivered to the locker of the resident whose national ID (or locker ID) it names, or parked until
 * that national ID is linked. A refused push leaves nothing behind but its entry in the trail.
 */
@Service
public class IssuedDocumentIntake {

    /** How far ahead of this server's clock a request's timestamp may be. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd-MM-uuuu")
            .withResolverStyle(ResolverStyle.STRICT);

    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);

    /** DigiLocker's issuers date their documents in India's time. */
    private static final java.time.ZoneId INDIA = java.time.ZoneId.of("Asia/Kolkata");

    private final Issuers issuers;

    private final NationalIdLinks nationalIds;

    private final ResidentAccounts accounts;

    private final BlobVault vault;

    private final JdbcClient jdbc;

    private final TransactionTemplate transactions;

    private final ApplicationEventPublisher events;

    private final IssuerProperties properties;

    private final Clock clock;

    private final IssuerRequestAdmission admission;

    private final IssuerRequestProofs proofs;

    private final IssuedDocumentLedger ledger;

    IssuedDocumentIntake(Issuers issuers, NationalIdLinks nationalIds, ResidentAccounts accounts, BlobVault vault,
            JdbcClient jdbc, TransactionTemplate transactions, ApplicationEventPublisher events,
            IssuerProperties properties, Clock clock, IssuerRequestAdmission admission, IssuerRequestProofs proofs,
            IssuedDocumentLedger ledger) {
        this.ledger = ledger;
        this.admission = admission;
        this.proofs = proofs;
        this.issuers = issuers;
        this.nationalIds = nationalIds;
        this.accounts = accounts;
        this.vault = vault;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    /** The largest request body taken; a larger one is refused before it is parsed. */
    public int maxRequestBytes() {
        return (int) Math.min(Integer.MAX_VALUE - 16, properties.maxPushSize().toBytes());
    }

    /**
     * Checks a push and, when everything holds, stores and delivers its document.
     * <p>
     * Nothing of a stranger's body is built: only its root element is read, by a streaming reader, to learn
     * which issuer it names, and the HMAC over the raw bytes is checked with that issuer's secret. The
     * document is parsed (within {@link SecureXml}'s bounds on elements, depth and attributes) only once the
     * issuer is proven.
     *
     * @param body the request body as received, which the HMAC covers; {@code null} when it was larger
     *             than {@link #maxRequestBytes()} and not read
     * @param clientAddress where the request came from: requests that fail to prove their issuer are
     *                      limited per address
     * @param hmac the {@code x-digilocker-hmac} header: Base64 of HMAC-SHA256 over the body with the client secret
     */
    public PushOutcome push(byte[] body, String hmac, String clientAddress) {
        RootElement root = null;
        Request request = null;
        Issuer proven = null;
        try {
            root = root(body);
            proven = identify(root, body, hmac);
            Issuer issuer = proven;
            request = read(body);
            authorize(request, issuer);
            Push push = check(request, issuer);
            Request accepted = request;
            return transactions.execute(status -> store(accepted, issuer, push));
        }
        catch (Refusing refusing) {
            String ts = root == null ? null : root.attribute("ts").orElse(null);
            String txn = root == null ? null : root.attribute("txn").orElse(null);
            Refused refused = new Refused(ts, txn, refusing.kind, refusing.code, refusing.getMessage());
            return refuse(root == null ? null : root.attribute("orgId").orElse(null), proven, refused, clientAddress);
        }
    }

    /**
     * Publishes one file of a bulk upload whose ZIP the issuer already proved: the file needs no HMAC,
     * fresh ts or unused txn of its own, but everything else is checked as for a single push. Joins the
     * caller's transaction; a refusal leaves it marked for rollback.
     */
    PushOutcome publishFromBulk(Issuer issuer, byte[] file) {
        Request request = null;
        try {
            request = read(file);
            if (!issuer.id().value().equals(request.orgId())) {
                throw invalid("invalid_parameter", "orgId is not the issuer that uploaded the ZIP.");
            }
            if (issuer.status() != IssuerStatus.APPROVED) {
                throw new Refusing(Refusal.FORBIDDEN, "issuer_not_active", "The issuer is not approved to publish.");
            }
            Request unsigned = new Request(request.ver(), request.ts(), null, request.orgId(), null, request.details());
            Push push = check(unsigned, issuer);
            return transactions.execute(status -> store(unsigned, issuer, push));
        }
        catch (Refusing refusing) {
            return new Refused(request == null ? null : request.ts(), request == null ? null : request.txn(),
                    refusing.kind, refusing.code, refusing.getMessage());
        }
    }

    /**
     * Records a refusal in the trail and, when the request proved its issuer, among that issuer's
     * refused pushes, which its portal shows.
     */
    private Refused refuse(String claimedIssuer, Issuer proven, Refused refused, String clientAddress) {
        if (proven == null && !admission.countUnproven(clientAddress)) {
            // Past the limit, refusals are no longer recorded one by one: a stranger cannot flood the trail.
            return new Refused(refused.ts(), refused.txn(), Refusal.RATE_LIMITED, "too_many_requests",
                    "Too many requests that did not prove their issuer came from your address. Try again later.");
        }
        events.publishEvent(new PushRefused(claimedIssuer, refused.code(), refused.reason(), refused.txn()));
        if (proven != null) {
            jdbc.sql("""
                    insert into issuer_push_refusal (issuer_id, code, reason, txn, refused_at)
                    values (?, ?, ?, ?, ?)""")
                    .params(proven.id().value(), refused.code(), refused.reason(), refused.txn(), utc(clock.instant()))
                    .update();
        }
        return refused;
    }

    /** Refused pushes older than this are forgotten; the trail keeps them for good. */
    @org.springframework.scheduling.annotation.Scheduled(initialDelay = 3_600_000, fixedDelay = 86_400_000)
    void forgetOldRefusals() {
        jdbc.sql("delete from issuer_push_refusal where refused_at < ?")
                .param(utc(clock.instant().minus(Duration.ofDays(90)))).update();
        jdbc.sql("delete from issuer_push_txn where received_at < ?")
                .param(utc(clock.instant().minus(Duration.ofDays(1)))).update();
    }

    /**
     * Checks a URI push by locker ID (API.md 4.3, DigiLocker's {@code /account/1/pushuri}) and, when
     * everything holds, records the document in that locker. Its content is optional: when given, the
     * Certificate XML must carry the issuer's signature like any push. Its form credential is taken once.
     */
    public PushOutcome pushUri(UriPush push, String clientAddress) {
        Request request = new Request(null, push.ts(), null, push.clientId(), null, null);
        Issuer proven = null;
        try {
            proven = authenticated(proofs.proveForm(push.clientId(), push.ts(), push.hmac(), push.digilockerid(),
                    push.uri(), push.doctype(), push.description(), push.docid(), push.issuedate(), push.validfrom(),
                    push.validto(), push.action()));
            Issuer issuer = proven;
            Push checked = check(push, issuer);
            return transactions.execute(status -> store(request, issuer, checked));
        }
        catch (Refusing refusing) {
            // DigiLocker answers a URI that is there already as a bad parameter. The check of the push finds it;
            // only a request that published the same URI a moment later, in a race, is refused by the store.
            Refusing answer = "uri_exists".equals(refusing.code) ? invalid("invalid_parameter",
                    "URI already exists: another request published " + push.uri() + " just now.") : refusing;
            Refused refused = new Refused(push.ts(), null, answer.kind, answer.code, answer.getMessage());
            return refuse(push.clientId(), proven, refused, clientAddress);
        }
    }

    /**
     * Whether a mobile number or a national ID has a locker (DigiLocker's {@code /account/2/verify}),
     * for an approved issuer that proves itself; its form credential is taken once.
     *
     * @return the locker, if there is one; a refusal when the request does not hold
     */
    public LockerCheck verifyAccount(String clientId, String uid, String mobile, String ts, String hmac,
            String clientAddress) {
        try {
            authenticateClient(clientId, ts, hmac);
            boolean byUid = uid != null && !uid.isBlank();
            if (byUid == (mobile != null && !mobile.isBlank())) {
                throw invalid("invalid_parameter", "Either one of uid or mobile number is mandatory.");
            }
            Optional<ResidentAccount> found;
            try {
                found = byUid ? nationalIds.accountOf(new NationalId(uid.strip())).flatMap(accounts::find)
                        : accounts.findByMobile(new org.tijori.account.MobileNumber(mobile.strip()));
            }
            catch (IllegalArgumentException e) {
                throw invalid("invalid_parameter", (byUid ? "uid" : "mobile") + " parameter is invalid: "
                        + e.getMessage() + ".");
            }
            events.publishEvent(new LockerLookedUp(clientId, byUid ? "uid" : "mobile", found.isPresent()));
            return new LockerCheck.Answered(found.map(ResidentAccount::lockerId));
        }
        catch (Refusing refusing) {
            return new LockerCheck.Refused(refuse(clientId, null, new Refused(ts, null, refusing.kind, refusing.code,
                    refusing.getMessage()), clientAddress));
        }
    }

    /**
     * An issuer revokes, suspends or reinstates one of its documents (API.md 4.5): {@code hmac} is the hex
     * HMAC-SHA256, keyed by the client secret, of the client ID, URI, status, reason (empty when there is
     * none), {@code ts} and nonce joined by {@code "\n"}, each as sent; the nonce is taken once. A rendered
     * PDF that showed the old status is dropped, to be drawn again.
     *
     * @param status {@code active}, {@code revoked} or {@code suspended}
     */
    public PushOutcome changeStatus(String clientId, String uriText, String status, String reason, String ts,
            String nonce, String hmac, String clientAddress) {
        Issuer proven = null;
        try {
            proven = authenticated(proofs.proveSigned(clientId, ts, nonce, hmac, clientId, uriText, status,
                    reason == null ? "" : reason, ts, nonce));
            Issuer issuer = proven;
            DocumentUri uri;
            try {
                uri = DocumentUri.parse(uriText);
            }
            catch (IllegalArgumentException e) {
                throw invalid("invalid_parameter", "URI parameter is missing or invalid: " + e.getMessage());
            }
            if (!uri.issuer().equals(issuer.id())) {
                throw new Refusing(Refusal.NOT_FOUND, "uri_not_found", "There is no document " + uri + " of yours.");
            }
            DocumentStatus next;
            try {
                next = DocumentStatus.valueOf(status == null ? "" : status.strip().toUpperCase(java.util.Locale.ROOT));
            }
            catch (IllegalArgumentException e) {
                next = null;
            }
            if (next != DocumentStatus.ACTIVE && next != DocumentStatus.REVOKED && next != DocumentStatus.SUSPENDED) {
                throw invalid("invalid_parameter", "status is active, revoked or suspended.");
            }
            String why = reason == null || reason.isBlank() ? null : reason.strip();
            if (why != null && why.length() > 500) {
                throw invalid("invalid_parameter", "reason is at most 500 characters.");
            }
            DocumentStatus target = next;
            return transactions.execute(tx -> {
                IssuedDocumentLedger.Version newest = ledger.newest(uri).orElseThrow(() -> new Refusing(
                        Refusal.NOT_FOUND, "uri_not_found", "There is no document " + uri + "."));
                DocumentStatus moved;
                try {
                    moved = ledger.changeStatus(newest, target, why, clock.instant());
                }
                catch (IllegalDocumentMoveException e) {
                    // Only a deleted document has no live version: to its issuer, it is gone.
                    throw new Refusing(Refusal.NOT_FOUND, "uri_not_found", "There is no document " + uri
                            + ": it was deleted, and its status can no longer change.");
                }
                events.publishEvent(new org.tijori.issuer.events.DocumentStatusChanged(uri.toString(),
                        issuer.id().value(), moved.name(), why));
                return new Accepted(ts, null, uri, newest.version(), newest.account() == null ? Delivery.PARKED
                        : Delivery.LOCKER);
            });
        }
        catch (Refusing refusing) {
            Refused refused = new Refused(ts, null, refusing.kind, refusing.code, refusing.getMessage());
            return refuse(clientId, proven, refused, clientAddress);
        }
    }

    /**
     * The issuer that a request signed by its headers proves (API.md 4.5), its nonce taken; a refusal is
     * counted and recorded as any request that does not prove its issuer.
     */
    IssuerRequestProofs.Proof proveClient(SignedIssuerRequest request, String clientAddress) {
        IssuerRequestProofs.Proof proof = proofs.proveSigned(request);
        if (proof instanceof IssuerRequestProofs.Proof.Unproven unproven) {
            Refused refused = refuse(request.clientId(), null, new Refused(request.ts(), null, unproven.kind(),
                    unproven.code(), unproven.reason()), clientAddress);
            return new IssuerRequestProofs.Proof.Unproven(refused.kind(), refused.code(), refused.reason());
        }
        return proof;
    }

    /** DigiLocker's form authentication (client ID, ts, hmac), each triple taken once. */
    private Issuer authenticateClient(String clientId, String ts, String hmac) {
        return authenticated(proofs.proveForm(clientId, ts, hmac));
    }

    private static Issuer authenticated(IssuerRequestProofs.Proof proof) {
        if (proof instanceof IssuerRequestProofs.Proof.Unproven unproven) {
            throw new Refusing(unproven.kind(), unproven.code(), unproven.reason());
        }
        return ((IssuerRequestProofs.Proof.Proven) proof).issuer();
    }

    private Push check(UriPush push, Issuer issuer) {
        DocumentUri uri;
        try {
            uri = DocumentUri.parse(push.uri());
        }
        catch (IllegalArgumentException e) {
            throw invalid("invalid_parameter", "URI parameter is missing or invalid: " + e.getMessage());
        }
        if (!uri.issuer().equals(issuer.id())) {
            throw invalid("invalid_parameter", "URI parameter is missing or invalid: it must start with your issuer ID "
                    + issuer.id() + ".");
        }
        if (push.doctype() == null || !push.doctype().strip().equals(uri.docType().value())) {
            throw invalid("invalid_parameter", "Doctype parameter is missing or invalid: it must be the URI's.");
        }
        if (push.docid() == null || !push.docid().strip().equals(uri.docId())) {
            throw invalid("invalid_parameter", "Docid parameter is missing or invalid: it must be the URI's.");
        }
        if (!issuers.ownsDocType(issuer.id(), uri.docType())) {
            throw invalid("invalid_parameter", "Doctype parameter is missing or invalid: the issuer has not "
                    + "registered " + uri.docType() + ".");
        }
        ResidentAccount owner;
        try {
            owner = accounts.findByLocker(new LockerId(UUID.fromString(push.digilockerid() == null ? ""
                    : push.digilockerid().strip()))).orElse(null);
        }
        catch (IllegalArgumentException e) {
            owner = null;
        }
        if (owner == null) {
            throw new Refusing(Refusal.NOT_FOUND, "invalid_digilocker_id", "The digilockerid parameter is invalid.");
        }
        String action = push.action() == null ? "" : push.action().strip();
        if (!List.of("A", "U", "D").contains(action)) {
            throw invalid("invalid_parameter", "Action parameter is missing or invalid: A, U or D.");
        }
        if ("A".equals(action)) {
            Optional<Optional<UUID>> holder = jdbc.sql("""
                    select account_id from issuer_document
                    where uri = ? and %s""".formatted(IssuedDocumentLedger.live("status")))
                    .param(uri.toString()).query((rs, row) -> Optional.ofNullable(rs.getObject(1, UUID.class)))
                    .optional();
            if (holder.isPresent()) {
                // DigiLocker's wording (its partner API reference), which tells the issuer whose locker holds it.
                boolean here = holder.get().filter(owner.id().value()::equals).isPresent();
                throw invalid("invalid_parameter", "URI already exists in " + (here ? "this" : "another")
                        + " account; send action U to publish a new version.");
            }
        }
        String description = push.description() == null ? null : push.description().strip();
        if (!"D".equals(action) && (description == null || description.isEmpty() || description.length() > 200)) {
            throw invalid("invalid_parameter", "Description parameter is missing or invalid.");
        }
        LocalDate issuedOn = compactDay(push.issuedate(), "Issuedate", !"D".equals(action));
        LocalDate validFrom = compactDay(push.validfrom(), "Validfrom", false);
        LocalDate validTo = compactDay(push.validto(), "Validto", false);
        byte[] xml = null;
        byte[] pdf = null;
        String signer = null;
        boolean legacySignature = false;
        if (!"D".equals(action)) {
            xml = decodeContent(blankToNull(push.datacontent()), "datacontent");
            if (xml != null) {
                Checked certificate = checkCertificate(xml, issuer, uri, null);
                signer = certificate.signer();
                legacySignature = certificate.legacySignature();
            }
            pdf = decodeContent(blankToNull(push.doccontent()), "doccontent");
            if (pdf != null && !startsWith(pdf, PDF_MAGIC)) {
                throw invalid("invalid_parameter", "doccontent must be a PDF in Base64.");
            }
        }
        return new Push(uri, action, description, issuedOn, validFrom, validTo, null, owner.id(), xml, pdf, signer,
                legacySignature);
    }

    private static LocalDate compactDay(String value, String name, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw invalid("invalid_parameter", name + " parameter is missing or invalid: DDMMYYYY.");
            }
            return null;
        }
        try {
            return LocalDate.parse(value.strip(), DateTimeFormatter.ofPattern("ddMMuuuu")
                    .withResolverStyle(ResolverStyle.STRICT));
        }
        catch (DateTimeParseException e) {
            throw invalid("invalid_parameter", name + " parameter is missing or invalid: DDMMYYYY.");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    static String sha256Hex(byte[] value) {
        return HexFormat.of().formatHex(sha256(value));
    }

    static byte[] sha256(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Takes a document an issuer returned to a resident's search: signed by the issuer like a push, issued to
     * that resident ({@link #notTheResidents}), and delivered to the resident's locker unless it is already
     * there or in another locker. An answer with only the PDF ({@code xml} null), which DigiLocker's issuers
     * may send, has no signature or person to check: it is taken on the word of the issuer that found it for
     * the resident's search, as DigiLocker takes it, and dated the day it was taken.
     */
    PullOutcome acceptPulled(Issuer issuer, AccountId account, DocumentUri uri, String docName, byte[] xml,
            byte[] pdf) {
        try {
            if (xml == null && pdf == null) {
                throw invalid("invalid_parameter", "Neither DataContent nor DocContent was sent.");
            }
            if (pdf != null && !startsWith(pdf, PDF_MAGIC)) {
                throw invalid("invalid_parameter", "DocContent is not a PDF.");
            }
            Push push;
            if (xml == null) {
                push = new Push(uri, "A", docName, LocalDate.now(clock.withZone(INDIA)), null, null, null, account,
                        null, pdf, null, false);
            }
            else {
                // Whom it is issued to is checked below, with an answer of its own for the resident.
                Checked certificate = checkCertificate(xml, issuer, uri, null);
                Optional<String> someoneElse = notTheResidents(xml, account);
                if (someoneElse.isPresent()) {
                    return new PullOutcome.Failed(PullOutcome.Reason.NOT_YOURS, someoneElse.get());
                }
                push = new Push(uri, "A", docName, certificate.issueDate(), null, null, null, account, xml, pdf,
                        certificate.signer(), certificate.legacySignature());
            }
            Request request = new Request(null, null, null, issuer.id().value(), null, null);
            return transactions.execute(status -> {
                Optional<IssuedDocumentLedger.Version> held = ledger.live(uri);
                if (held.isPresent()) {
                    if (!account.equals(held.get().account())) {
                        return new PullOutcome.Failed(PullOutcome.Reason.HELD_ELSEWHERE,
                                "This document is already in another locker.");
                    }
                    return new PullOutcome.Found(uri, held.get().version());
                }
                Accepted accepted = (Accepted) store(request, issuer, push);
                return new PullOutcome.Found(accepted.uri(), accepted.version());
            });
        }
        catch (Refusing refusing) {
            return new PullOutcome.Failed(PullOutcome.Reason.BAD_ANSWER, "The issuer's answer could not be trusted: "
                    + refusing.getMessage());
        }
    }

    /** A national ID shown only by its last four digits, as DigiLocker's own certificates often carry it. */
    private static final java.util.regex.Pattern MASKED_UID = java.util.regex.Pattern.compile("[xX*]{8}[0-9]{4}");

    /**
     * Why a pulled Certificate XML, already verified, is not issued to this resident, if it is not. A search
     * is made on the resident's word, so what the issuer found must name the resident: a national ID in
     * {@code IssuedTo/Person@uid} must be the resident's linked one; without one (or with a masked one, whose
     * last four digits must still agree) its name and date of birth must be those the ID authority gave for
     * the linked ID. A resident without a linked ID can therefore not receive a document that names anyone.
     */
    private Optional<String> notTheResidents(byte[] xml, AccountId account) {
        Element issuedTo = child(SecureXml.parse(xml, maxRequestBytes()).getDocumentElement(), "IssuedTo");
        Element person = issuedTo == null ? null : child(issuedTo, "Person");
        if (person == null) {
            return Optional.of("The document does not say whom it is issued to, so it cannot be taken as yours.");
        }
        Optional<NationalId> linked = nationalIds.nationalIdOf(account);
        if (linked.isEmpty()) {
            return Optional.of("The document is issued to a person, and your locker has no national ID linked to "
                    + "show that it is you.");
        }
        String uid = attribute(person, "uid") == null ? "" : attribute(person, "uid").strip();
        boolean masked = MASKED_UID.matcher(uid).matches();
        if (!uid.isEmpty() && !masked) {
            return uid.equals(linked.get().value()) ? Optional.empty()
                    : Optional.of("The document is issued to another national ID than yours.");
        }
        if (masked && !uid.endsWith(linked.get().lastFour())) {
            return Optional.of("The document is issued to another national ID than yours.");
        }
        Optional<org.tijori.identity.LinkedNationalId> known = nationalIds.linkOf(account);
        if (known.isEmpty() || !sameName(attribute(person, "name"), known.get().name())
                || !known.get().dob().equals(birthDate(attribute(person, "dob")))) {
            return Optional.of("The name or date of birth on the document is not that of your national ID.");
        }
        return Optional.empty();
    }

    /** Names as people write them: case, spacing and compatibility forms aside. */
    private static boolean sameName(String written, String known) {
        return written != null && known != null && comparable(written).equals(comparable(known));
    }

    private static String comparable(String name) {
        return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFKC).strip().replaceAll("\\s+", " ")
                .toLowerCase(java.util.Locale.ROOT);
    }

    /** A Certificate's {@code dob}: DD-MM-YYYY as DigiLocker writes it, or ISO; null when it is neither. */
    private static LocalDate birthDate(String value) {
        if (value == null) {
            return null;
        }
        for (DateTimeFormatter format : List.of(DAY, DateTimeFormatter.ISO_LOCAL_DATE)) {
            try {
                return LocalDate.parse(value.strip(), format);
            }
            catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return null;
    }


    /** The request's root element, read without building the document: who the request says it is from. */
    private RootElement root(byte[] body) {
        if (body == null) {
            throw tooLarge();
        }
        RootElement root;
        try {
            root = SecureXml.root(body);
        }
        catch (XmlRejectedException e) {
            throw refusing(e);
        }
        if (!"PushUriRequest".equals(root.localName())) {
            throw invalid("invalid_parameter", "The request's root element must be PushUriRequest.");
        }
        return root;
    }

    private Request read(byte[] body) {
        if (body == null) {
            throw tooLarge();
        }
        Document document;
        try {
            document = SecureXml.parse(body, maxRequestBytes());
        }
        catch (XmlRejectedException e) {
            throw refusing(e);
        }
        Element root = document.getDocumentElement();
        if (!"PushUriRequest".equals(localName(root))) {
            throw invalid("invalid_parameter", "The request's root element must be PushUriRequest.");
        }
        Element details = child(root, "UriDetails");
        if (details == null) {
            throw invalid("invalid_parameter", "The request has no UriDetails.");
        }
        return new Request(attribute(root, "ver"), attribute(root, "ts"), attribute(root, "txn"),
                attribute(root, "orgId"), attribute(root, "keyhash"), details);
    }

    private Refusing tooLarge() {
        return new Refusing(Refusal.TOO_LARGE, "request_too_large",
                "The request is larger than " + properties.maxPushSize() + ".");
    }

    private Refusing refusing(XmlRejectedException e) {
        return switch (e.reason()) {
            case TOO_LARGE -> tooLarge();
            case TOO_COMPLEX -> new Refusing(Refusal.TOO_LARGE, "request_too_complex", e.getMessage());
            case DTD -> new Refusing(Refusal.INVALID, "invalid_xml",
                    "The request holds a document type declaration; DTDs and entities are not accepted.");
            case MALFORMED -> new Refusing(Refusal.INVALID, "invalid_xml", "The request is not well-formed XML.");
        };
    }

    /** The issuer the request names, if the request proves it with that issuer's secret over the raw body. */
    private Issuer identify(RootElement root, byte[] body, String hmac) {
        IssuerId issuerId;
        try {
            issuerId = new IssuerId(root.attribute("orgId").orElse(null));
        }
        catch (IllegalArgumentException e) {
            throw new Refusing(Refusal.UNAUTHENTICATED, "invalid_client_id", "orgId does not name a registered issuer.");
        }
        Issuer issuer = issuers.find(issuerId).orElseThrow(() -> new Refusing(Refusal.UNAUTHENTICATED,
                "invalid_client_id", "orgId does not name a registered issuer."));
        if (issuer.clientSecret() == null || hmac == null || !MessageDigest.isEqual(hmac(body, issuer.clientSecret()),
                decodeBase64(hmac.strip()))) {
            throw new Refusing(Refusal.UNAUTHENTICATED, "invalid_hmac",
                    "The x-digilocker-hmac header is missing or does not match the body and the client secret.");
        }
        return issuer;
    }

    /** Whether a proven issuer may publish with this request: approved, its key, a fresh ts and txn. */
    private void authorize(Request request, Issuer issuer) {
        if (issuer.status() != IssuerStatus.APPROVED) {
            throw new Refusing(Refusal.FORBIDDEN, "issuer_not_active", "The issuer is not approved to publish.");
        }
        if (request.ts() == null || request.keyhash() == null || !MessageDigest.isEqual(
                keyhash(issuer.apiKey(), request.ts()).getBytes(StandardCharsets.US_ASCII),
                request.keyhash().strip().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            throw new Refusing(Refusal.UNAUTHENTICATED, "invalid_keyhash",
                    "keyhash must be the hex SHA-256 of the API key followed by ts.");
        }
        Instant sent;
        try {
            sent = OffsetDateTime.parse(request.ts()).toInstant();
        }
        catch (DateTimeParseException e) {
            throw invalid("invalid_parameter", "ts must be a date and time with its offset, such as "
                    + "2026-11-28T10:15:00+05:30.");
        }
        Instant now = clock.instant();
        if (sent.isBefore(now.minus(properties.requestLifetime())) || sent.isAfter(now.plus(CLOCK_SKEW))) {
            throw new Refusing(Refusal.UNAUTHENTICATED, "expired_request", "ts is older than "
                    + properties.requestLifetime().toMinutes() + " minutes or in the future.");
        }
        if (request.txn() == null || request.txn().isBlank() || request.txn().length() > 100) {
            throw invalid("invalid_parameter", "txn must be 1 to 100 characters, new for every request.");
        }
    }

    private Push check(Request request, Issuer issuer) {
        Element details = request.details();
        String uidText = text(details, "Aadhaar");
        String lockerText = text(details, "DigiLockerId");
        if ((uidText == null) == (lockerText == null)) {
            throw invalid("invalid_parameter", "UriDetails names the resident by Aadhaar or by DigiLockerId: one of them.");
        }
        NationalId uid = null;
        ResidentAccount lockerOwner = null;
        if (uidText != null) {
            try {
                uid = new NationalId(uidText);
            }
            catch (IllegalArgumentException e) {
                throw invalid("invalid_aadhaar", "Aadhaar is not a valid national ID: " + e.getMessage() + ".");
            }
        }
        else {
            try {
                lockerOwner = accounts.findByLocker(new LockerId(UUID.fromString(lockerText))).orElse(null);
            }
            catch (IllegalArgumentException e) {
                lockerOwner = null;
            }
            if (lockerOwner == null) {
                throw invalid("invalid_digilocker_id", "DigiLockerId does not name a locker.");
            }
        }
        DocTypeCode docType;
        DocumentUri uri;
        try {
            docType = new DocTypeCode(text(details, "DocType"));
            uri = new DocumentUri(issuer.id(), docType, text(details, "DocId"));
        }
        catch (IllegalArgumentException e) {
            throw invalid("invalid_parameter", e.getMessage());
        }
        if (!issuers.ownsDocType(issuer.id(), docType)) {
            throw new Refusing(Refusal.FORBIDDEN, "invalid_doctype", "The issuer has not registered the doc type "
                    + docType + ".");
        }
        // DigiLocker's issuers send the URI they built; it may only restate the one that DocType and DocId make.
        String sentUri = text(details, "Uri");
        if (sentUri != null && !sentUri.equals(uri.toString())) {
            throw invalid("invalid_parameter", "Uri " + sentUri + " is not the URI of this issuer, DocType and DocId, "
                    + uri + ".");
        }
        String action = text(details, "Action");
        if (action == null || !List.of("A", "U", "D").contains(action)) {
            throw invalid("invalid_parameter", "Action is A (add), U (update) or D (delete).");
        }
        String docName = text(details, "DocName");
        if (!"D".equals(action) && (docName == null || docName.length() > 200)) {
            throw invalid("invalid_parameter", "DocName is required, at most 200 characters.");
        }
        LocalDate issuedOn = day(details, "IssuedOn");
        LocalDate validFrom = day(details, "ValidFrom");
        LocalDate validTo = day(details, "ValidTo");
        if (validFrom != null && validTo != null && validTo.isBefore(validFrom)) {
            throw invalid("invalid_parameter", "ValidTo is before ValidFrom.");
        }
        byte[] xml = null;
        byte[] pdf = null;
        String signer = null;
        boolean legacySignature = false;
        if (!"D".equals(action)) {
            xml = decodeContent(text(details, "DataContent"), "DataContent");
            if (xml == null) {
                throw invalid("invalid_parameter", "DataContent must hold the signed Certificate XML in Base64.");
            }
            Checked certificate = checkCertificate(xml, issuer, uri, uid);
            signer = certificate.signer();
            legacySignature = certificate.legacySignature();
            pdf = decodeContent(text(details, "DocContent"), "DocContent");
            if (pdf != null && !startsWith(pdf, PDF_MAGIC)) {
                throw invalid("invalid_parameter", "DocContent must be a PDF in Base64.");
            }
        }
        return new Push(uri, action, docName, issuedOn, validFrom, validTo, uid,
                lockerOwner == null ? null : lockerOwner.id(), xml, pdf, signer, legacySignature);
    }

    /** The Certificate XML: well-formed, signed by the issuer's registered certificate, about this document. */
    private Checked checkCertificate(byte[] xml, Issuer issuer, DocumentUri uri, NationalId uid) {
        Document certificate;
        try {
            certificate = SecureXml.parse(xml, maxRequestBytes());
        }
        catch (XmlRejectedException e) {
            throw invalid("invalid_certificate", "The Certificate XML in DataContent was refused: " + e.getMessage());
        }
        Element root = certificate.getDocumentElement();
        if (!"Certificate".equals(localName(root))) {
            throw invalid("invalid_certificate", "DataContent must hold a Certificate element.");
        }
        if (issuer.certificate() == null) {
            throw new Refusing(Refusal.FORBIDDEN, "invalid_signature", "The issuer has no signing certificate.");
        }
        SignatureCheck check = XmlSignatures.verify(certificate, List.of(issuer.certificate()), issuer.legacyAlgorithms());
        if (check instanceof SignatureCheck.Invalid invalid) {
            throw new Refusing(Refusal.INVALID, "invalid_signature", invalid.reason());
        }
        // The Certificate's number is the issuer's own serial and need not be the DocId: CBSE's sample has
        // number 1100044 in the document 201412345678. What ties it to this document is its type and signature.
        String type = attribute(root, "type");
        if (type != null && !type.equals(uri.docType().value())) {
            throw invalid("invalid_certificate", "The Certificate's type " + type + " is not the DocType "
                    + uri.docType() + ".");
        }
        Element issuedTo = child(root, "IssuedTo");
        Element person = issuedTo == null ? null : child(issuedTo, "Person");
        String personUid = person == null ? null : attribute(person, "uid");
        if (uid != null && personUid != null && !personUid.equals(uid.value())) {
            throw invalid("invalid_certificate", "The Certificate is issued to another national ID than Aadhaar.");
        }
        LocalDate issueDate;
        try {
            String issued = attribute(root, "issueDate");
            issueDate = issued == null ? null : LocalDate.parse(issued, DAY);
        }
        catch (DateTimeParseException e) {
            issueDate = null;
        }
        SignatureCheck.Valid valid = (SignatureCheck.Valid) check;
        return new Checked(valid.signer().getSubjectX500Principal().getName(), issueDate, valid.legacyAlgorithm());
    }

    private PushOutcome store(Request request, Issuer issuer, Push push) {
        Instant now = clock.instant();
        int fresh = request.txn() == null ? 1 : jdbc.sql("""
                insert into issuer_push_txn (issuer_id, txn, received_at) values (?, ?, ?)
                on conflict do nothing""").params(issuer.id().value(), request.txn(), utc(now)).update();
        if (fresh == 0) {
            throw new Refusing(Refusal.CONFLICT, "duplicate_txn", "txn " + request.txn()
                    + " was already used by this issuer.");
        }
        // The newest version is the live one, if the URI has a live one: A adds above every version, U
        // supersedes the live one with the next, D deletes it. One query answers both questions.
        Optional<IssuedDocumentLedger.Version> newest = ledger.newest(push.uri());
        Optional<IssuedDocumentLedger.Version> live = newest.filter(found -> found.status().isLive());
        if ("A".equals(push.action()) && live.isPresent()) {
            throw new Refusing(Refusal.CONFLICT, "uri_exists", "The URI " + push.uri()
                    + " already exists; send U to publish a new version.");
        }
        if (!"A".equals(push.action()) && live.isEmpty()) {
            throw new Refusing(Refusal.NOT_FOUND, "uri_not_found", "There is no document " + push.uri() + " to "
                    + ("U".equals(push.action()) ? "update." : "delete."));
        }
        if ("D".equals(push.action())) {
            ledger.delete(live.get(), now);
            if (live.get().account() != null) {
                events.publishEvent(new DocumentWithdrawn(live.get().account(), push.uri().toString(),
                        issuer.id().value()));
            }
            events.publishEvent(new DocumentPublished(push.uri().toString(), issuer.id().value(), live.get().version(),
                    "D", "removed"));
            return new Accepted(request.ts(), request.txn(), push.uri(), live.get().version(), Delivery.REMOVED);
        }
        byte[] fingerprint = push.uid() == null ? null : nationalIds.fingerprint(push.uid());
        AccountId account = push.account() != null ? push.account()
                : nationalIds.accountOf(push.uid()).orElse(null);
        StoredBlob xml = push.xml() == null ? null : vault.store(new ByteArrayInputStream(push.xml()));
        StoredBlob pdf = push.pdf() == null ? null : vault.store(new ByteArrayInputStream(push.pdf()));
        IssuedDocumentLedger.NewVersion document = new IssuedDocumentLedger.NewVersion(push.uri(), issuer.id(),
                push.docName(), push.issuedOn(), push.validFrom(), push.validTo(), xml, pdf, push.signer(),
                push.legacySignature(), fingerprint, account);
        int version;
        try {
            version = live.isPresent() ? ledger.update(live.get(), document, now)
                    : ledger.add(newest, document, now);
        }
        catch (DuplicateKeyException e) {
            // Another push of the same URI won the race.
            throw new Refusing(Refusal.CONFLICT, "uri_exists", "The URI " + push.uri() + " was published just now "
                    + "by another request.");
        }
        if (account != null) {
            events.publishEvent(new DocumentDelivered(account, push.uri().toString(), version, issuer.id().value(),
                    push.docName()));
        }
        events.publishEvent(new DocumentPublished(push.uri().toString(), issuer.id().value(), version, push.action(),
                account == null ? "parked" : "locker"));
        return new Accepted(request.ts(), request.txn(), push.uri(), version,
                account == null ? Delivery.PARKED : Delivery.LOCKER);
    }

    static byte[] hmac(byte[] body, byte[] secret) {
        return hmacSha256(secret).doFinal(body);
    }

    /** An HMAC-SHA256 keyed with an issuer's secret or API key, for a body read all at once or streamed. */
    static Mac hmacSha256(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        }
        catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java runtime has HMAC-SHA256", e);
        }
    }

    static String keyhash(byte[] apiKey, String ts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(apiKey);
            return HexFormat.of().formatHex(digest.digest(ts.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] decodeBase64(String value) {
        try {
            return Base64.getDecoder().decode(value);
        }
        catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static byte[] decodeContent(String value, String field) {
        if (value == null) {
            return null;
        }
        try {
            return Base64.getMimeDecoder().decode(value);
        }
        catch (IllegalArgumentException e) {
            throw invalid("invalid_parameter", field + " is not valid Base64.");
        }
    }

    private static LocalDate day(Element details, String name) {
        String value = text(details, name);
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value, DAY);
        }
        catch (DateTimeParseException e) {
            throw invalid("invalid_parameter", name + " must be a date as DD-MM-YYYY.");
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length
                && java.util.Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }





    private static Refusing invalid(String code, String message) {
        return new Refusing(Refusal.INVALID, code, message);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private record Request(String ver, String ts, String txn, String orgId, String keyhash, Element details) {
    }

    private record Push(DocumentUri uri, String action, String docName, LocalDate issuedOn, LocalDate validFrom,
            LocalDate validTo, NationalId uid, AccountId account, byte[] xml, byte[] pdf, String signer,
            boolean legacySignature) {
    }

    /** A Certificate XML that passed: who signed it, and the issue date it states, if readable. */
    /** @param legacySignature whether the issuer signed with RSA-SHA1, allowed for it by an administrator */
    private record Checked(String signer, LocalDate issueDate, boolean legacySignature) {
    }

    /** A refusal on its way out, which also rolls the transaction back. */
    private static final class Refusing extends RuntimeException {

        private final Refusal kind;

        private final String code;

        Refusing(Refusal kind, String code, String message) {
            super(message, null, false, false);
            this.kind = kind;
            this.code = code;
        }
    }
}
