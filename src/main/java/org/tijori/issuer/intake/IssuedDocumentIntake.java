package org.tijori.issuer.intake;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Optional;

import org.tijori.account.AccountId;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.identity.NationalId;
import org.tijori.identity.NationalIdLinks;
import org.tijori.issuer.DocumentStatus;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.IllegalDocumentMoveException;
import org.tijori.issuer.IssuerProperties;
import org.tijori.issuer.events.DocumentDelivered;
import org.tijori.issuer.events.DocumentPublished;
import org.tijori.issuer.events.DocumentWithdrawn;
import org.tijori.issuer.events.LockerLookedUp;
import org.tijori.issuer.events.PushRefused;
import org.tijori.issuer.intake.PushOutcome.Accepted;
import org.tijori.issuer.intake.PushOutcome.Delivery;
import org.tijori.issuer.intake.PushOutcome.Refusal;
import org.tijori.issuer.intake.PushOutcome.Refused;
import org.tijori.issuer.ledger.IssuedDocumentLedger;
import org.tijori.issuer.pull.PullOutcome;
import org.tijori.issuer.registration.Issuer;
import org.tijori.issuer.registration.Issuers;
import org.tijori.signing.RootElement;
import org.tijori.signing.SecureXml;
import org.tijori.storage.BlobVault;
import org.tijori.storage.StoredBlob;
import org.w3c.dom.Element;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import static org.tijori.issuer.intake.PushRefusedException.invalid;
import static org.tijori.issuer.intake.XmlElements.attribute;
import static org.tijori.issuer.intake.XmlElements.child;

/**
 * Takes issuers' pushes into the repository: the XML push by national ID (API.md 4.2, also each file of a bulk
 * ZIP), DigiLocker's form push by locker ID and its locker lookup (4.3), and the status change (4.5). Each wire
 * format is proven by {@link IssuerRequestAuthentication}, read into a {@link PushCommand} by its reader
 * ({@link XmlPushReader}, {@link FormPushReader}) and checked by the one {@link PushValidator}; what holds is
 * stored through the vault and delivered to the locker of the resident whose national ID (or locker ID) it
 * names, or parked until that national ID is linked. A refused push leaves nothing behind but its entry in the
 * trail.
 */
@Service
public class IssuedDocumentIntake {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd-MM-uuuu")
            .withResolverStyle(ResolverStyle.STRICT);

    /** DigiLocker's issuers date their documents in India's time. */
    private static final java.time.ZoneId INDIA = java.time.ZoneId.of("Asia/Kolkata");

    private final NationalIdLinks nationalIds;

    private final ResidentAccounts accounts;

    private final BlobVault vault;

    private final JdbcClient jdbc;

    private final TransactionTemplate transactions;

    private final ApplicationEventPublisher events;

    private final IssuerProperties properties;

    private final Clock clock;

    private final IssuerRequestAdmission admission;

    private final IssuerRequestAuthentication authentication;

    private final IssuerRequestProofs proofs;

    private final IssuedDocumentLedger ledger;

    private final XmlPushReader xmlPushes;

    private final PushValidator validator;

    IssuedDocumentIntake(Issuers issuers, NationalIdLinks nationalIds, ResidentAccounts accounts, BlobVault vault,
            JdbcClient jdbc, TransactionTemplate transactions, ApplicationEventPublisher events,
            IssuerProperties properties, Clock clock, IssuerRequestAdmission admission,
            IssuerRequestAuthentication authentication, IssuerRequestProofs proofs, IssuedDocumentLedger ledger) {
        this.ledger = ledger;
        this.admission = admission;
        this.authentication = authentication;
        this.proofs = proofs;
        this.nationalIds = nationalIds;
        this.accounts = accounts;
        this.vault = vault;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
        this.xmlPushes = new XmlPushReader(maxRequestBytes(), properties.maxPushSize());
        this.validator = new PushValidator(locker -> accounts.findByLocker(locker).map(ResidentAccount::id), maxRequestBytes());
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
        Issuer proven = null;
        try {
            root = xmlPushes.root(body);
            proven = authentication.provenByBody(root, body, hmac);
            Issuer issuer = proven;
            XmlPushReader.XmlPush request = xmlPushes.read(body);
            authentication.authorizeXmlPush(issuer, request.ts(), request.keyhash(), request.txn());
            CheckedPush push = validator.check(xmlPushes.command(request, issuer.id()), issuer);
            return transactions.execute(status -> store(new Request(request.ts(), request.txn()), issuer, push));
        }
        catch (PushRefusedException refusing) {
            Refused refused = refusing.refused(root == null ? null : root.attribute("ts").orElse(null),
                    root == null ? null : root.attribute("txn").orElse(null));
            return refuse(root == null ? null : root.attribute("orgId").orElse(null), proven, refused, clientAddress);
        }
    }

    /**
     * Publishes one file of a bulk upload whose ZIP the issuer already proved: the file needs no HMAC,
     * fresh ts or unused txn of its own, but everything else is checked as for a single push. Joins the
     * caller's transaction; a refusal leaves it marked for rollback.
     */
    public PushOutcome publishFromBulk(Issuer issuer, byte[] file) {
        XmlPushReader.XmlPush request = null;
        try {
            request = xmlPushes.read(file);
            if (!issuer.id().value().equals(request.orgId())) {
                throw invalid("invalid_parameter", "orgId is not the issuer that uploaded the ZIP.");
            }
            authentication.requireApproved(issuer);
            CheckedPush push = validator.check(xmlPushes.command(request, issuer.id()), issuer);
            Request unsigned = new Request(request.ts(), null);
            return transactions.execute(status -> store(unsigned, issuer, push));
        }
        catch (PushRefusedException refusing) {
            return refusing.refused(request == null ? null : request.ts(), request == null ? null : request.txn());
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
        Issuer proven = null;
        try {
            proven = authentication.provenByForm(push.clientId(), push.ts(), push.hmac(), push.digilockerid(),
                    push.uri(), push.doctype(), push.description(), push.docid(), push.issuedate(), push.validfrom(),
                    push.validto(), push.action());
            Issuer issuer = proven;
            CheckedPush checked = validator.check(FormPushReader.command(push), issuer);
            return transactions.execute(status -> store(new Request(push.ts(), null), issuer, checked));
        }
        catch (PushRefusedException refusing) {
            return refuse(push.clientId(), proven, refusing.refused(push.ts(), null), clientAddress);
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
            authentication.provenByForm(clientId, ts, hmac);
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
        catch (PushRefusedException refusing) {
            return new LockerCheck.Refused(refuse(clientId, null, refusing.refused(ts, null), clientAddress));
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
            proven = authentication.provenBySignature(clientId, ts, nonce, hmac, clientId, uriText, status,
                    reason == null ? "" : reason, ts, nonce);
            Issuer issuer = proven;
            DocumentUri uri;
            try {
                uri = DocumentUri.parse(uriText);
            }
            catch (IllegalArgumentException e) {
                throw invalid("invalid_parameter", "URI parameter is missing or invalid: " + e.getMessage());
            }
            if (!uri.issuer().equals(issuer.id())) {
                throw new PushRefusedException(Refusal.NOT_FOUND, "uri_not_found", "There is no document " + uri + " of yours.");
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
                IssuedDocumentLedger.Version newest = ledger.newest(uri).orElseThrow(() -> new PushRefusedException(
                        Refusal.NOT_FOUND, "uri_not_found", "There is no document " + uri + "."));
                DocumentStatus moved;
                try {
                    moved = ledger.changeStatus(newest, target, why, clock.instant());
                }
                catch (IllegalDocumentMoveException e) {
                    // Only a deleted document has no live version: to its issuer, it is gone.
                    throw new PushRefusedException(Refusal.NOT_FOUND, "uri_not_found", "There is no document " + uri
                            + ": it was deleted, and its status can no longer change.");
                }
                events.publishEvent(new org.tijori.issuer.events.DocumentStatusChanged(uri.toString(),
                        issuer.id().value(), moved.name(), why));
                return new Accepted(ts, null, uri, newest.version(), newest.account() == null ? Delivery.PARKED
                        : Delivery.LOCKER);
            });
        }
        catch (PushRefusedException refusing) {
            Refused refused = new Refused(ts, null, refusing.kind(), refusing.code(), refusing.getMessage());
            return refuse(clientId, proven, refused, clientAddress);
        }
    }

    /**
     * The issuer that a request signed by its headers proves (API.md 4.5), its nonce taken; a refusal is
     * counted and recorded as any request that does not prove its issuer.
     */
    public IssuerRequestProofs.Proof proveClient(SignedIssuerRequest request, String clientAddress) {
        IssuerRequestProofs.Proof proof = proofs.proveSigned(request);
        if (proof instanceof IssuerRequestProofs.Proof.Unproven unproven) {
            Refused refused = refuse(request.clientId(), null, new Refused(request.ts(), null, unproven.kind(),
                    unproven.code(), unproven.reason()), clientAddress);
            return new IssuerRequestProofs.Proof.Unproven(refused.kind(), refused.code(), refused.reason());
        }
        return proof;
    }

    /**
     * Takes a document an issuer returned to a resident's search: signed by the issuer like a push, issued to
     * that resident ({@link #notTheResidents}), and delivered to the resident's locker unless it is already
     * there or in another locker. An answer with only the PDF ({@code xml} null), which DigiLocker's issuers
     * may send, has no signature or person to check: it is taken on the word of the issuer that found it for
     * the resident's search, as DigiLocker takes it, and dated the day it was taken.
     */
    public PullOutcome acceptPulled(Issuer issuer, AccountId account, DocumentUri uri, String docName, byte[] xml,
            byte[] pdf) {
        try {
            if (xml == null && pdf == null) {
                throw invalid("invalid_parameter", "Neither DataContent nor DocContent was sent.");
            }
            if (pdf != null && !PushValidator.isPdf(pdf)) {
                throw invalid("invalid_parameter", "DocContent is not a PDF.");
            }
            CheckedPush push;
            if (xml == null) {
                push = new CheckedPush(uri, PushAction.ADD, docName, LocalDate.now(clock.withZone(INDIA)), null, null,
                        null, account, null, pdf, null, false, null);
            }
            else {
                // Whom it is issued to is checked below, with an answer of its own for the resident.
                PushValidator.Certificate certificate = validator.certificate(xml, issuer, uri, null);
                Optional<String> someoneElse = notTheResidents(xml, account);
                if (someoneElse.isPresent()) {
                    return new PullOutcome.Failed(PullOutcome.Reason.NOT_YOURS, someoneElse.get());
                }
                push = new CheckedPush(uri, PushAction.ADD, docName, certificate.issueDate(), null, null, null,
                        account, xml, pdf, certificate.signer(), certificate.legacySignature(), certificate.holder());
            }
            Request request = new Request(null, null);
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
        catch (PushRefusedException refusing) {
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


    private PushOutcome store(Request request, Issuer issuer, CheckedPush push) {
        Instant now = clock.instant();
        int fresh = request.txn() == null ? 1 : jdbc.sql("""
                insert into issuer_push_txn (issuer_id, txn, received_at) values (?, ?, ?)
                on conflict do nothing""").params(issuer.id().value(), request.txn(), utc(now)).update();
        if (fresh == 0) {
            throw new PushRefusedException(Refusal.CONFLICT, "duplicate_txn", "txn " + request.txn()
                    + " was already used by this issuer.");
        }
        // The newest version is the live one, if the URI has a live one: A adds above every version, U
        // supersedes the live one with the next, D deletes it. One query answers both questions.
        Optional<IssuedDocumentLedger.Version> newest = ledger.newest(push.uri());
        Optional<IssuedDocumentLedger.Version> live = newest.filter(found -> found.status().isLive());
        if (push.action() == PushAction.ADD && live.isPresent()) {
            // DigiLocker's wording (its partner API reference), which tells a push by locker ID whose locker holds it.
            String where = push.account() == null ? ""
                    : push.account().equals(live.get().account()) ? " in this account" : " in another account";
            throw new PushRefusedException(Refusal.CONFLICT, "uri_exists", "URI already exists" + where + ": "
                    + push.uri() + "; send action U to publish a new version.");
        }
        if (push.action() != PushAction.ADD && live.isEmpty()) {
            throw new PushRefusedException(Refusal.NOT_FOUND, "uri_not_found", "There is no document " + push.uri() + " to "
                    + (push.action() == PushAction.UPDATE ? "update." : "delete."));
        }
        if (push.action() == PushAction.DELETE) {
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
                push.legacySignature(), push.holder(), fingerprint, account);
        int version;
        try {
            version = live.isPresent() ? ledger.update(live.get(), document, now)
                    : ledger.add(newest, document, now);
        }
        catch (DuplicateKeyException e) {
            // Another push of the same URI won the race.
            throw new PushRefusedException(Refusal.CONFLICT, "uri_exists", "URI already exists: another request "
                    + "published " + push.uri() + " just now.");
        }
        if (account != null) {
            events.publishEvent(new DocumentDelivered(account, push.uri().toString(), version, issuer.id().value(),
                    push.docName()));
        }
        events.publishEvent(new DocumentPublished(push.uri().toString(), issuer.id().value(), version, push.action().code(),
                account == null ? "parked" : "locker"));
        return new Accepted(request.ts(), request.txn(), push.uri(), version,
                account == null ? Delivery.PARKED : Delivery.LOCKER);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** What an answer echoes of the request: its {@code ts} and {@code txn}, the txn recorded once. */
    private record Request(String ts, String txn) {
    }
}
