package org.tijori.issuer.idcard;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.account.AccountId;
import org.tijori.identity.IdentityRecord;
import org.tijori.identity.NationalIdLinks;
import org.tijori.identity.events.NationalIdLinked;
import org.tijori.identity.events.NationalIdUnlinked;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.IssuedDocuments;
import org.tijori.issuer.events.DocumentDelivered;
import org.tijori.issuer.events.DocumentPublished;
import org.tijori.issuer.events.DocumentWithdrawn;
import org.tijori.issuer.ledger.IssuedDocumentLedger;
import org.tijori.issuer.ledger.IssuedDocumentLedger.Version;
import org.tijori.issuer.rendering.PrintablePhoto;
import org.tijori.signing.SecureXml;
import org.tijori.storage.BlobVault;
import org.tijori.storage.SealedValues;
import org.tijori.storage.StoredBlob;
import org.w3c.dom.Document;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.NamedInterface;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The national-ID card as an issued document (ADR 23), as DigiLocker puts e-Aadhaar in a resident's issued
 * documents: linking a national ID gives the resident a card from the ID authority ({@link CardAuthority}), signed
 * like any issuer's Certificate XML and held in the repository through the {@link IssuedDocumentLedger}, with the
 * name, date of birth, gender and photo the authority holds and the number masked; unlinking withdraws it. Every
 * change is a reconciliation of the account's card with its link as it stands, so that events handled late or
 * twice, and the start-up backfill ({@link CardBackfill}), all end in the same state. A card's URI is
 * {@code <issuer>-ADHAR-<20 hex>}, from a keyed fingerprint of the number: one URI per national ID, whoever holds
 * it, so that a number that moves to another locker takes its card's history with it.
 * <p>
 * Other modules read a resident's card through {@link #holds} and {@link #kycXml}.
 */
@NamedInterface("documents")
@Service
public class NationalIdCards {

    /** The purpose of the fingerprint that names a card; unrelated to the one that finds a linked number. */
    static final String URI_PURPOSE = "issuer/id-card";

    /** How long a partner may keep the KYC data of one answer ({@code ttl}). */
    static final Duration KYC_TTL = Duration.ofDays(1);

    private static final ZoneId INDIA = ZoneId.of("Asia/Kolkata");

    private static final Logger log = LoggerFactory.getLogger(NationalIdCards.class);

    private static final SecureRandom random = new SecureRandom();

    private final CardAuthority authority;

    private final NationalIdLinks nationalIds;

    private final IssuedDocumentLedger ledger;

    private final IssuedDocuments documents;

    private final BlobVault vault;

    private final SealedValues sealed;

    private final JdbcClient jdbc;

    private final TransactionTemplate transactions;

    private final ApplicationEventPublisher events;

    private final Clock clock;

    NationalIdCards(CardAuthority authority, NationalIdLinks nationalIds, IssuedDocumentLedger ledger,
            IssuedDocuments documents, BlobVault vault, SealedValues sealed, JdbcClient jdbc,
            TransactionTemplate transactions, ApplicationEventPublisher events, Clock clock) {
        this.authority = authority;
        this.nationalIds = nationalIds;
        this.ledger = ledger;
        this.documents = documents;
        this.vault = vault;
        this.sealed = sealed;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
    }

    /** Whether the resident holds a national-ID card: a national ID is linked and its card was issued. */
    public boolean holds(AccountId account) {
        return cardOf(account).isPresent();
    }

    /**
     * The resident's card as UIDAI's e-KYC answers it ({@code KycRes}), made from the card held, without asking the
     * ID authority, and signed (enveloped) with the authority's key: {@code UidData} with the masked number,
     * {@code Poi} (name, date of birth, gender), empty {@code Poa} and {@code LData} (the authority gives no
     * address), {@code Pht} (the photo, when the card has one), {@code Prn} (the card's PDF), and {@code Rar}, the
     * card's own signed Certificate XML.
     *
     * @return empty when the resident holds no card
     */
    public Optional<byte[]> kycXml(AccountId account) throws IOException {
        Optional<DocumentUri> uri = cardOf(account);
        if (uri.isEmpty()) {
            return Optional.empty();
        }
        byte[] card = read(documents.openXml(account, uri.get()));
        byte[] pdf = read(documents.openPdf(account, uri.get()));
        if (card == null || pdf == null) {
            // Withdrawn between the look-up and the reads.
            return Optional.empty();
        }
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), INDIA).truncatedTo(ChronoUnit.SECONDS);
        byte[] code = new byte[16];
        random.nextBytes(code);
        Document kyc = CardXml.kyc(card, pdf, uri.get().docId(), HexFormat.of().formatHex(code),
                UUID.randomUUID().toString(),
                now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                now.plus(KYC_TTL).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        authority.sign(kyc);
        return Optional.of(SecureXml.serialize(kyc));
    }

    /** The URI of the card a resident holds, if any. */
    Optional<DocumentUri> cardOf(AccountId account) {
        return jdbc.sql("""
                select uri from issuer_document
                where account_id = ? and issuer_id = ? and doc_type = ? and %s
                order by published_at desc limit 1""".formatted(IssuedDocumentLedger.live("status")))
                .params(account.value(), authority.issuer().value(), CardAuthority.DOC_TYPE.value())
                .query(String.class).optional().map(DocumentUri::parse);
    }

    /** Of these accounts, those that hold a card. */
    Set<AccountId> holding(Collection<AccountId> accounts) {
        if (accounts.isEmpty()) {
            return Set.of();
        }
        return jdbc.sql("""
                select distinct account_id from issuer_document
                where account_id = any(?) and issuer_id = ? and doc_type = ? and %s"""
                .formatted(IssuedDocumentLedger.live("status")))
                .params(accounts.stream().map(AccountId::value).toArray(UUID[]::new), authority.issuer().value(),
                        CardAuthority.DOC_TYPE.value())
                .query((rs, row) -> new AccountId(rs.getObject(1, UUID.class))).stream()
                .collect(Collectors.toUnmodifiableSet());
    }

    @ApplicationModuleListener
    void on(NationalIdLinked linked) {
        reconcile(linked.account());
    }

    @ApplicationModuleListener
    void on(NationalIdUnlinked unlinked) {
        reconcile(unlinked.account());
    }

    /**
     * Makes the account's card agree with its national ID as it is linked now: the card of that ID delivered to
     * it (issued, or taken over from a locker that held the ID before), and any other card it holds withdrawn. One
     * reconciliation of an account runs at a time, cluster-wide, and reads the link only once it runs: whatever
     * order the events of an account are handled in, the last reconciliation sees the last link.
     *
     * @return what it did
     */
    Reconciled reconcile(AccountId account) {
        return transactions.execute(status -> {
            jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 0))").param("issuer-id-card:" + account.value())
                    .query((rs, row) -> 1).single();
            Optional<Card> wanted = nationalIds.recordOf(account).map(this::card);
            List<DocumentUri> held = jdbc.sql("""
                    select uri from issuer_document where account_id = ? and issuer_id = ? and doc_type = ? and %s"""
                    .formatted(IssuedDocumentLedger.live("status")))
                    .params(account.value(), authority.issuer().value(), CardAuthority.DOC_TYPE.value())
                    .query(String.class).list().stream().map(DocumentUri::parse).toList();
            boolean withdrawn = false;
            for (DocumentUri uri : held) {
                if (wanted.isEmpty() || !wanted.get().uri().equals(uri)) {
                    withdrawn |= withdraw(account, uri);
                }
            }
            if (wanted.isEmpty()) {
                return withdrawn ? Reconciled.WITHDRAWN : Reconciled.NOTHING;
            }
            if (held.contains(wanted.get().uri())) {
                return Reconciled.NOTHING;
            }
            deliver(account, wanted.get());
            return Reconciled.ISSUED;
        });
    }

    /** What a reconciliation did to an account's card. */
    enum Reconciled {
        ISSUED, WITHDRAWN, NOTHING
    }

    /** A card drawn and signed, ready to be held. */
    private record Card(DocumentUri uri, byte[] xml, String holder, LocalDate issuedOn) {
    }

    private Card card(IdentityRecord person) {
        byte[] fingerprint = sealed.fingerprint(URI_PURPOSE, person.uid().value().getBytes(StandardCharsets.US_ASCII));
        DocumentUri uri = new DocumentUri(authority.issuer(), CardAuthority.DOC_TYPE,
                HexFormat.of().formatHex(fingerprint).substring(0, 20));
        PrintablePhoto photo = null;
        if (person.photo() != null) {
            try {
                photo = new PrintablePhoto(person.photo());
            }
            catch (IllegalArgumentException e) {
                log.warn("The national-ID card {} is issued without the photo the ID authority holds: {}", uri,
                        e.getMessage());
            }
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), INDIA);
        Document xml = CardXml.certificate(uri, authority.name(), person, photo, today);
        authority.sign(xml);
        return new Card(uri, SecureXml.serialize(xml), person.name(), today);
    }

    /** Delivers the card to the account, as the URI's first version or as the next one after another locker's. */
    private void deliver(AccountId account, Card card) {
        Optional<Version> newest = ledger.newest(card.uri());
        StoredBlob xml = vault.store(new ByteArrayInputStream(card.xml()));
        IssuedDocumentLedger.NewVersion document = new IssuedDocumentLedger.NewVersion(card.uri(), authority.issuer(),
                CardAuthority.DOC_NAME, card.issuedOn(), card.issuedOn(), null, xml, null,
                authority.certificate().getSubjectX500Principal().getName(), false, card.holder(), null, account);
        Instant now = clock.instant();
        int version;
        String action;
        if (newest.isPresent() && newest.get().status().isLive()) {
            // The number was linked to another locker, whose unlinking has not been handled yet: it is this one's now.
            AccountId before = newest.get().account();
            version = ledger.update(newest.get(), document, now);
            action = "U";
            if (before != null && !before.equals(account)) {
                events.publishEvent(new DocumentWithdrawn(before, card.uri().toString(), authority.issuer().value()));
            }
        }
        else {
            version = ledger.add(newest, document, now);
            action = "A";
        }
        events.publishEvent(new DocumentDelivered(account, card.uri().toString(), version, authority.issuer().value(),
                CardAuthority.DOC_NAME));
        events.publishEvent(new DocumentPublished(card.uri().toString(), authority.issuer().value(), version, action,
                "locker"));
    }

    private boolean withdraw(AccountId account, DocumentUri uri) {
        Optional<Version> live = ledger.live(uri).filter(version -> account.equals(version.account()));
        if (live.isEmpty()) {
            return false;
        }
        ledger.delete(live.get(), clock.instant());
        events.publishEvent(new DocumentWithdrawn(account, uri.toString(), authority.issuer().value()));
        events.publishEvent(new DocumentPublished(uri.toString(), authority.issuer().value(), live.get().version(),
                "D", "removed"));
        return true;
    }

    private static byte[] read(Optional<InputStream> stream) throws IOException {
        if (stream.isEmpty()) {
            return null;
        }
        try (InputStream in = stream.get()) {
            return in.readAllBytes();
        }
    }
}
