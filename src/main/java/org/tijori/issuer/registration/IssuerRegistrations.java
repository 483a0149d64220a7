package org.tijori.issuer.registration;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

import org.tijori.issuer.DocTypeCode;
import org.tijori.issuer.IssuerId;
import org.tijori.issuer.IssuerProblemException;
import org.tijori.issuer.IssuerProblemException.Kind;
import org.tijori.issuer.events.IssuerApproved;
import org.tijori.issuer.events.IssuerCertificateReplaced;
import org.tijori.issuer.events.IssuerCredentialsRotated;
import org.tijori.issuer.events.IssuerLegacySignaturesChanged;
import org.tijori.issuer.events.IssuerRegistered;
import org.tijori.issuer.events.IssuerRejected;
import org.tijori.issuer.events.IssuerSuspended;
import org.tijori.issuer.pull.PullAddresses;
import org.tijori.issuer.pull.ResidentField;
import org.tijori.signing.Certificates;
import org.tijori.storage.SealedValues;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issuers joining Tijori: a registration waits for an administrator, who approves it (the issuer
 * receives its client ID, client secret and API key, shown once), rejects it, or later suspends the
 * issuer. Credentials can be rotated and the signing certificate replaced.
 */
@Service
public class IssuerRegistrations {

    public static final String SECRET_CONTEXT = "issuer/client-secret";

    public static final String API_KEY_CONTEXT = "issuer/api-key";

    private static final SecureRandom random = new SecureRandom();

    private final JdbcClient jdbc;

    private final SealedValues sealed;

    private final ApplicationEventPublisher events;

    private final JsonMapper json;

    private final Clock clock;

    private final PullAddresses pullAddresses;

    private final TransactionTemplate transactions;

    IssuerRegistrations(JdbcClient jdbc, SealedValues sealed, ApplicationEventPublisher events, JsonMapper json,
            Clock clock, PullAddresses pullAddresses, TransactionTemplate transactions) {
        this.pullAddresses = pullAddresses;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.sealed = sealed;
        this.events = events;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Records a registration for an administrator to decide on. It is checked before any transaction
     * begins: checking the Pull URI address may wait for DNS, which must not hold a database connection. How many
     * one address may send is limited before the request is read ({@code issuer.web.IssuerRegistrationLimits}).
     *
     * @throws IssuerProblemException when something in it is wrong, or the issuer ID is taken
     */
    public RegistrationReceipt register(IssuerRegistration registration) {
        if (registration == null) {
            throw new IssuerProblemException(Kind.INVALID, "registration.missing", new Object[0],
                    "Send the registration as a JSON object.");
        }
        IssuerRegistration.Valid checked = registration.validate(clock.instant());
        String pullUriUrl = pullAddresses.checkRegistered(registration.pullUriUrl());
        return transactions.execute(status -> store(checked, pullUriUrl));
    }

    private RegistrationReceipt store(IssuerRegistration.Valid checked, String pullUriUrl) {
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        try {
            jdbc.sql("""
                    insert into issuer_issuer (id, issuer_id, name, category, contact_email, pull_uri_url, status,
                                               registered_at, status_changed_at, pull_hmac_encoding,
                                               chosen_api_key_sealed, state, name_hi)
                    values (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?, ?, ?)""")
                    .params(id, checked.issuer().value(), checked.name(), checked.category(), checked.email(),
                            pullUriUrl, utc(now), utc(now), checked.pullHmacEncoding().name(),
                            checked.apiKey() == null ? null
                                    : sealed.seal(checked.apiKey().getBytes(StandardCharsets.UTF_8), API_KEY_CONTEXT),
                            checked.state() == null ? null : checked.state().code(), checked.nameHi())
                    .update();
        }
        catch (DuplicateKeyException e) {
            throw new IssuerProblemException(Kind.CONFLICT, "issuerId.taken", new Object[] {checked.issuer().value()},
                    "The issuer ID " + checked.issuer() + " is already registered.");
        }
        addCertificate(checked.issuer(), checked.certificate(), now);
        for (IssuerRegistration.ValidDocType docType : checked.docTypes()) {
            jdbc.sql("""
                    insert into issuer_doc_type (issuer_id, code, name, description, search_parameters, xslt,
                                                 resident_fields, name_hi)
                    values (?, ?, ?, ?, ?::jsonb, ?, ?::text[], ?)""")
                    .params(checked.issuer().value(), docType.code().value(), docType.name(), docType.description(),
                            json.writeValueAsString(docType.searchParameters()), docType.xslt(),
                            docType.residentFields().stream().map(ResidentField::element)
                                    .collect(Collectors.joining(",", "{", "}")), docType.nameHi())
                    .update();
        }
        events.publishEvent(new IssuerRegistered(checked.issuer(), checked.name(), checked.category()));
        return new RegistrationReceipt(id, IssuerStatus.PENDING);
    }

    /**
     * Approves a pending issuer, or reinstates a suspended one, with new credentials: the old ones of a
     * suspended issuer stay dead. A pending issuer that chose its API key at registration keeps it, and the
     * answer does not show it back ({@link IssuerCredentials#apiKey()} is null).
     */
    @Transactional
    public IssuerCredentials approve(IssuerId issuer) {
        administered(issuer);
        IssuerStatus status = statusOf(issuer);
        if (status != IssuerStatus.PENDING && status != IssuerStatus.SUSPENDED) {
            throw new IssuerProblemException(Kind.CONFLICT, "Issuer " + issuer + " is " + name(status)
                    + " and cannot be approved.");
        }
        byte[] chosenKey = status != IssuerStatus.PENDING ? null
                : jdbc.sql("select chosen_api_key_sealed from issuer_issuer where issuer_id = ?")
                        .param(issuer.value()).query((rs, row) -> rs.getBytes(1)).optional().orElse(null);
        IssuerCredentials credentials = chosenKey == null ? issueCredentials(issuer, IssuerStatus.APPROVED)
                : issueCredentials(issuer, IssuerStatus.APPROVED, chosenKey);
        events.publishEvent(new IssuerApproved(issuer, credentials.clientId()));
        return credentials;
    }

    /** Rejects a pending registration; an API key it chose is forgotten, since it will never be used. */
    @Transactional
    public void reject(IssuerId issuer) {
        administered(issuer);
        changeStatus(issuer, IssuerStatus.PENDING, IssuerStatus.REJECTED);
        jdbc.sql("update issuer_issuer set chosen_api_key_sealed = null where issuer_id = ?").param(issuer.value())
                .update();
        events.publishEvent(new IssuerRejected(issuer));
    }

    @Transactional
    public void suspend(IssuerId issuer) {
        administered(issuer);
        changeStatus(issuer, IssuerStatus.APPROVED, IssuerStatus.SUSPENDED);
        events.publishEvent(new IssuerSuspended(issuer));
    }

    /** New client secret and API key for an approved issuer, shown once; the old ones stop working now. */
    @Transactional
    public IssuerCredentials rotateCredentials(IssuerId issuer) {
        administered(issuer);
        IssuerStatus status = statusOf(issuer);
        if (status != IssuerStatus.APPROVED) {
            throw new IssuerProblemException(Kind.CONFLICT, "credentials.not-approved", new Object[] {issuer.value()},
                    "Issuer " + issuer + " is " + name(status) + "; only an approved issuer has credentials to rotate.");
        }
        IssuerCredentials credentials = issueCredentials(issuer, IssuerStatus.APPROVED);
        events.publishEvent(new IssuerCredentialsRotated(issuer, credentials.clientId()));
        return credentials;
    }

    /**
     * Allows (or refuses again) an issuer's RSA-SHA1 signatures, for an issuer whose signing system cannot
     * yet do better. Off by default; documents accepted that way are marked and shown with a warning, and
     * refusing again leaves them as they are.
     */
    @Transactional
    public void allowLegacySignatures(IssuerId issuer, boolean allowed) {
        administered(issuer);
        IssuerStatus status = statusOf(issuer);
        if (status == IssuerStatus.REJECTED) {
            throw new IssuerProblemException(Kind.CONFLICT, "rejected", new Object[] {issuer.value()},
                    "Issuer " + issuer + " was rejected.");
        }
        jdbc.sql("update issuer_issuer set allow_rsa_sha1 = ? where issuer_id = ?").params(allowed, issuer.value())
                .update();
        events.publishEvent(new IssuerLegacySignaturesChanged(issuer, allowed));
    }

    /** A new signing certificate for new documents; the old one still verifies what it signed. */
    @Transactional
    public String replaceCertificate(IssuerId issuer, String pem) {
        administered(issuer);
        IssuerStatus status = statusOf(issuer);
        if (status == IssuerStatus.REJECTED) {
            throw new IssuerProblemException(Kind.CONFLICT, "rejected", new Object[] {issuer.value()},
                    "Issuer " + issuer + " was rejected.");
        }
        X509Certificate certificate = IssuerRegistration.signingCertificate(pem, clock.instant());
        String fingerprint = Certificates.sha256Fingerprint(certificate);
        Instant now = clock.instant();
        int known = jdbc.sql("select count(*) from issuer_certificate where issuer_id = ? and fingerprint = ?")
                .params(issuer.value(), fingerprint).query(Integer.class).single();
        if (known > 0) {
            throw new IssuerProblemException(Kind.CONFLICT, "signingCertificatePem.known", new Object[] {issuer.value()},
                    "This certificate is already registered for " + issuer + ".");
        }
        jdbc.sql("update issuer_certificate set retired_at = ? where issuer_id = ? and retired_at is null")
                .params(utc(now), issuer.value()).update();
        addCertificate(issuer, certificate, now);
        events.publishEvent(new IssuerCertificateReplaced(issuer, fingerprint));
        return fingerprint;
    }

    /**
     * Sets (or, with {@code null}, removes) how a doc type's documents print. Documents already drawn
     * keep their PDF until their status changes.
     */
    @Transactional
    public void changeStylesheet(IssuerId issuer, DocTypeCode docType, String xslt) {
        administered(issuer);
        if (xslt != null) {
            IssuerRegistration.checkStylesheet(xslt);
        }
        int changed = jdbc.sql("update issuer_doc_type set xslt = ? where issuer_id = ? and code = ?")
                .params(xslt, issuer.value(), docType.value()).update();
        if (changed == 0) {
            throw new IssuerProblemException(Kind.NOT_FOUND, "Issuer " + issuer + " has no doc type " + docType + ".");
        }
    }

    /**
     * The stylesheets of every issuer's doc types, by issuer and in the order of their codes, so that the
     * administrators read an issuer's code before they let it print documents.
     */
    public java.util.Map<IssuerId, List<DocTypeStylesheet>> stylesheets() {
        var stylesheets = new java.util.LinkedHashMap<IssuerId, List<DocTypeStylesheet>>();
        jdbc.sql("select issuer_id, code, name, xslt from issuer_doc_type where xslt is not null order by issuer_id, code")
                .query((rs, row) -> {
                    stylesheets.computeIfAbsent(new IssuerId(rs.getString("issuer_id")), issuer -> new java.util.ArrayList<>())
                            .add(new DocTypeStylesheet(rs.getString("code"), rs.getString("name"), rs.getString("xslt")));
                    return null;
                })
                .list();
        return stylesheets;
    }

    /**
     * Changes how Tijori writes the {@code x-digilocker-hmac} of its Pull URI requests to this issuer, for
     * an issuer whose endpoint checks the other encoding.
     */
    @Transactional
    public void changePullHmacEncoding(IssuerId issuer, PullHmacEncoding encoding) {
        int changed = jdbc.sql("update issuer_issuer set pull_hmac_encoding = ? where issuer_id = ?")
                .params(encoding.name(), issuer.value()).update();
        if (changed == 0) {
            throw new IssuerProblemException(Kind.NOT_FOUND, "no-issuer", new Object[] {issuer.value()},
                    "There is no issuer " + issuer + ".");
        }
    }

    /**
     * Changes how the directory lists an issuer: its category, the state or union territory it serves (null for
     * the whole country) and its Hindi name (null for none). A built-in issuer is listed as Tijori made it.
     *
     * @throws IssuerProblemException when a value will not do or there is no such issuer
     */
    @Transactional
    public void changeListing(IssuerId issuer, String category, String state, String nameHi) {
        IssuerCategory checkedCategory = IssuerRegistration.category(category);
        StateOrTerritory checkedState = IssuerRegistration.state(state);
        String checkedNameHi = IssuerRegistration.optionalText("nameHi", nameHi, 200);
        administered(issuer);
        int changed = jdbc.sql("update issuer_issuer set category = ?, state = ?, name_hi = ? where issuer_id = ?")
                .params(checkedCategory.code(), checkedState == null ? null : checkedState.code(), checkedNameHi,
                        issuer.value())
                .update();
        if (changed == 0) {
            throw new IssuerProblemException(Kind.NOT_FOUND, "no-issuer", new Object[] {issuer.value()},
                    "There is no issuer " + issuer + ".");
        }
    }

    /** How many issuers wait for an administrator's decision. */
    public long waitingForApproval() {
        return jdbc.sql("select count(*) from issuer_issuer where status = 'PENDING'").query(Long.class).single();
    }

    /** Every issuer for the administrators' list: pending ones first, then the most recently registered. */
    public List<IssuerSummary> all() {
        return jdbc.sql("""
                select i.issuer_id, i.name, i.category, i.state, i.name_hi, i.contact_email, i.status, i.registered_at,
                       i.status_changed_at,
                       i.allow_rsa_sha1, i.pull_hmac_encoding, c.certificate,
                       array(select d.code from issuer_doc_type d where d.issuer_id = i.issuer_id order by d.code)
                           as doc_types
                from issuer_issuer i
                left join issuer_certificate c on c.issuer_id = i.issuer_id and c.retired_at is null
                order by i.status = 'PENDING' desc, i.registered_at desc, i.issuer_id""")
                .query((rs, row) -> new IssuerSummary(new IssuerId(rs.getString("issuer_id")), rs.getString("name"),
                        rs.getString("category"), rs.getString("contact_email"),
                        IssuerStatus.valueOf(rs.getString("status")),
                        List.of((String[]) rs.getArray("doc_types").getArray()),
                        rs.getTimestamp("registered_at").toInstant(), rs.getTimestamp("status_changed_at").toInstant(),
                        rs.getBoolean("allow_rsa_sha1"), PullHmacEncoding.valueOf(rs.getString("pull_hmac_encoding")),
                        signingCertificate(rs.getBytes("certificate")), rs.getString("state"), rs.getString("name_hi")))
                .list();
    }

    private static IssuerSummary.SigningCertificate signingCertificate(byte[] der) {
        X509Certificate certificate = Issuers.certificate(der);
        return certificate == null ? null : new IssuerSummary.SigningCertificate(
                certificate.getSubjectX500Principal().getName(), Certificates.sha256Fingerprint(certificate),
                certificate.getNotAfter().toInstant());
    }

    private IssuerCredentials issueCredentials(IssuerId issuer, IssuerStatus status) {
        String apiKey = newSecret();
        IssuerCredentials credentials = issueCredentials(issuer, status,
                sealed.seal(apiKey.getBytes(StandardCharsets.UTF_8), API_KEY_CONTEXT));
        return new IssuerCredentials(issuer, credentials.clientId(), credentials.clientSecret(), apiKey);
    }

    /** New client ID and secret, with this sealed API key; the answer shows no API key. */
    private IssuerCredentials issueCredentials(IssuerId issuer, IssuerStatus status, byte[] sealedApiKey) {
        String secret = newSecret();
        Instant now = clock.instant();
        for (int attempt = 0;; attempt++) {
            String clientId = newClientId();
            try {
                jdbc.sql("""
                        update issuer_issuer set status = ?, client_id = ?, client_secret_sealed = ?, api_key_sealed = ?,
                                                 chosen_api_key_sealed = null, status_changed_at = ?
                        where issuer_id = ?""")
                        .params(status.name(), clientId,
                                sealed.seal(secret.getBytes(StandardCharsets.UTF_8), SECRET_CONTEXT), sealedApiKey,
                                utc(now), issuer.value())
                        .update();
                return new IssuerCredentials(issuer, clientId, secret, null);
            }
            catch (DuplicateKeyException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private void changeStatus(IssuerId issuer, IssuerStatus from, IssuerStatus to) {
        IssuerStatus status = statusOf(issuer);
        if (status != from) {
            throw new IssuerProblemException(Kind.CONFLICT, "Issuer " + issuer + " is " + name(status)
                    + ", not " + name(from) + ".");
        }
        jdbc.sql("update issuer_issuer set status = ?, status_changed_at = ? where issuer_id = ?")
                .params(to.name(), utc(clock.instant()), issuer.value()).update();
    }

    /**
     * Refuses to administer a built-in issuer, the national-ID authority (ADR 23): Tijori holds its key and it takes
     * no credentials, certificate or stylesheet from anyone, so that nobody, an administrator included, publishes in
     * its name.
     */
    private void administered(IssuerId issuer) {
        if (jdbc.sql("select exists (select 1 from issuer_authority_key where issuer_id = ?)").param(issuer.value())
                .query(Boolean.class).single()) {
            throw new IssuerProblemException(Kind.CONFLICT, "built-in", new Object[] {issuer.value()},
                    "Issuer " + issuer + " is built into Tijori and cannot be administered.");
        }
    }

    private IssuerStatus statusOf(IssuerId issuer) {
        return jdbc.sql("select status from issuer_issuer where issuer_id = ? for update").param(issuer.value())
                .query((rs, row) -> IssuerStatus.valueOf(rs.getString(1))).optional()
                .orElseThrow(() -> new IssuerProblemException(Kind.NOT_FOUND, "no-issuer", new Object[] {issuer.value()},
                    "There is no issuer " + issuer + "."));
    }

    private void addCertificate(IssuerId issuer, X509Certificate certificate, Instant now) {
        try {
            jdbc.sql("""
                    insert into issuer_certificate (id, issuer_id, certificate, fingerprint, added_at)
                    values (?, ?, ?, ?, ?)""")
                    .params(UUID.randomUUID(), issuer.value(), certificate.getEncoded(),
                            Certificates.sha256Fingerprint(certificate), utc(now))
                    .update();
        }
        catch (CertificateEncodingException e) {
            throw new IssuerProblemException(Kind.INVALID, "signingCertificatePem.unreadable", new Object[0],
                    "The signing certificate cannot be encoded.");
        }
    }

    private static String name(IssuerStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String newClientId() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder id = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

}
