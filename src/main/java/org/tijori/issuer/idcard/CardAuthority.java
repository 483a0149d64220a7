package org.tijori.issuer.idcard;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.identity.IdentityProperties;
import org.tijori.issuer.DocTypeCode;
import org.tijori.issuer.IssuerId;
import org.tijori.issuer.registration.Issuers;
import org.tijori.signing.Certificates;
import org.tijori.signing.XmlSignatures;
import org.tijori.storage.SealedValues;
import org.w3c.dom.Document;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The national-ID authority as a built-in issuer of the repository (ADR 23): an approved issuer without
 * credentials or Pull URI, with the one doc type {@code ADHAR}, and an RSA-2048 key with a self-signed
 * certificate of ten years, made by the first node that starts and kept sealed in {@code issuer_authority_key}
 * (context {@value #CONTEXT}). The certificate is registered like any issuer's, so that verification, whether of a
 * QR code or of an uploaded Certificate XML, accepts what the key signs. Its issuer ID
 * ({@code tijori.identity.card.issuer-id}) is thereby taken: nobody can register under it.
 */
@Component
class CardAuthority {

    /** The context the private key is sealed in. */
    static final String CONTEXT = "issuer/authority-key";

    static final DocTypeCode DOC_TYPE = new DocTypeCode("ADHAR");

    static final String DOC_NAME = "National ID card";

    private static final Duration VALIDITY = Duration.ofDays(10 * 365);

    private static final Logger log = LoggerFactory.getLogger(CardAuthority.class);

    private final IssuerId issuer;

    private final String name;

    private final PrivateKey key;

    private final X509Certificate certificate;

    /**
     * Makes the authority's issuer, doc type and key unless a node already has, and opens the key.
     *
     * @throws IllegalStateException when the configured issuer ID is not one, or is held by a registered issuer
     */
    CardAuthority(JdbcClient jdbc, SealedValues sealed, TransactionTemplate transactions, IdentityProperties identity,
            Clock clock) {
        try {
            this.issuer = new IssuerId(identity.card().issuerId().strip());
        }
        catch (IllegalArgumentException e) {
            throw new IllegalStateException("tijori.identity.card.issuer-id: " + e.getMessage(), e);
        }
        this.name = identity.card().issuerName().strip();
        Stored stored = transactions.execute(status -> ensure(jdbc, sealed, clock.instant()));
        this.certificate = Issuers.certificate(stored.certificate());
        this.key = privateKey(sealed.open(stored.privateSealed(), CONTEXT));
    }

    IssuerId issuer() {
        return issuer;
    }

    String name() {
        return name;
    }

    X509Certificate certificate() {
        return certificate;
    }

    /** Signs a whole document with an enveloped signature that carries the authority's certificate. */
    void sign(Document document) {
        XmlSignatures.sign(document, key, certificate);
    }

    @Override
    public String toString() {
        return "CardAuthority[" + issuer + ", private key redacted]";
    }

    private record Stored(byte[] privateSealed, byte[] certificate) {
    }

    private Stored ensure(JdbcClient jdbc, SealedValues sealed, Instant now) {
        // Nodes starting together each try; the first insert wins and the others read what it made.
        jdbc.sql("""
                insert into issuer_issuer (id, issuer_id, name, category, contact_email, status, registered_at,
                                           status_changed_at)
                values (?, ?, ?, 'central', '', 'APPROVED', ?, ?) on conflict (issuer_id) do nothing""")
                .params(UUID.randomUUID(), issuer.value(), name, utc(now), utc(now)).update();
        Stored stored = stored(jdbc).orElseGet(() -> {
            boolean registered = jdbc.sql("""
                    select client_id is not null or exists (select 1 from issuer_certificate c where c.issuer_id = i.issuer_id)
                    from issuer_issuer i where i.issuer_id = ?""").param(issuer.value()).query(Boolean.class).single();
            if (registered) {
                throw new IllegalStateException("The issuer ID " + issuer + " (tijori.identity.card.issuer-id) "
                        + "belongs to an issuer that registered it; the national-ID card needs an issuer ID of its own.");
            }
            return create(jdbc, sealed, now);
        });
        jdbc.sql("update issuer_issuer set name = ? where issuer_id = ? and name <> ?").params(name, issuer.value(), name)
                .update();
        jdbc.sql("""
                insert into issuer_doc_type (issuer_id, code, name, description, search_parameters)
                values (?, ?, ?, ?, '[]'::jsonb) on conflict do nothing""")
                .params(issuer.value(), DOC_TYPE.value(), DOC_NAME,
                        "The card of the national ID linked to your locker, from the ID authority")
                .update();
        return stored;
    }

    private Optional<Stored> stored(JdbcClient jdbc) {
        return jdbc.sql("select private_sealed, certificate from issuer_authority_key where issuer_id = ?")
                .param(issuer.value())
                .query((rs, row) -> new Stored(rs.getBytes("private_sealed"), rs.getBytes("certificate")))
                .optional();
    }

    private Stored create(JdbcClient jdbc, SealedValues sealed, Instant now) {
        KeyPair keys;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keys = generator.generateKeyPair();
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java runtime makes RSA keys", e);
        }
        X509Certificate made = Certificates.selfSigned(keys, name, name, VALIDITY);
        byte[] der;
        try {
            der = made.getEncoded();
        }
        catch (CertificateEncodingException e) {
            throw new IllegalStateException("A certificate just made cannot be encoded", e);
        }
        int inserted = jdbc.sql("""
                insert into issuer_authority_key (id, issuer_id, private_sealed, certificate, created_at)
                values (?, ?, ?, ?, ?) on conflict (issuer_id) do nothing""")
                .params(UUID.randomUUID(), issuer.value(), sealed.seal(keys.getPrivate().getEncoded(), CONTEXT), der,
                        utc(now))
                .update();
        if (inserted == 1) {
            jdbc.sql("""
                    insert into issuer_certificate (id, issuer_id, certificate, fingerprint, added_at)
                    values (?, ?, ?, ?, ?)""")
                    .params(UUID.randomUUID(), issuer.value(), der, Certificates.sha256Fingerprint(made), utc(now))
                    .update();
            log.info("Made the signing key and certificate of the national-ID authority, issuer {}", issuer);
        }
        return stored(jdbc).orElseThrow();
    }

    private static PrivateKey privateKey(byte[] pkcs8) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("The national-ID authority's private key cannot be read back", e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
