package org.tijori.signing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.TijoriProperties;
import org.tijori.storage.SealedValueException;
import org.tijori.storage.SealedValues;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tijori's e-sign CA, which issues the certificate of each signing, and its time-stamp authority.
 * <p>
 * The CA is the deployer's when {@code tijori.esign.ca-keystore} names a PKCS#12 file (its first key and that
 * key's certificate chain); otherwise Tijori's own: an EC P-256 key and a self-signed certificate, made by the
 * first node that starts and kept in {@code signing_esign_ca}, the private key sealed under the master keyset in
 * the context {@value #CONTEXT}. Nodes starting together each offer a CA; the first insert wins and every node
 * reads that one back.
 * <p>
 * The time-stamp authority is Tijori's own, with a key made at each start and a certificate from the CA, unless
 * {@code tijori.esign.tsa-url} names an external one. The CRL is signed afresh every {@code crl-refresh} and
 * served from memory in between.
 */
@Component
public class EsignAuthority {

    /** The context the CA's private key is sealed in. */
    public static final String CONTEXT = "signing/esign-ca-key";

    private static final Logger log = LoggerFactory.getLogger(EsignAuthority.class);

    private static final String NAME = "esign";

    private static final byte[] TEST_MESSAGE = "tijori e-sign CA key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final CertificateAuthority authority;

    private final TimeStampAuthority timeStamps;

    private final OwnTimeStampAuthority ownTimeStamps;

    private final Clock clock;

    private final EsignProperties properties;

    private volatile Crl crl;

    EsignAuthority(JdbcClient jdbc, SealedValues sealed, Clock clock, EsignProperties properties,
            TijoriProperties tijori) {
        this.clock = clock;
        this.properties = properties;
        this.authority = properties.caKeystore() != null ? fromKeystore(properties, tijori)
                : stored(jdbc, sealed, clock, properties, tijori);
        this.ownTimeStamps = new OwnTimeStampAuthority(authority, clock, properties.tsaCertificateValidity());
        this.timeStamps = properties.tsaUrl() != null
                ? new RemoteTimeStampAuthority(properties.tsaUrl(), properties.tsaTimeout(),
                        properties.tsaMaxResponse().toBytes(), clock)
                : ownTimeStamps;
    }

    /** The e-sign CA's certificate, which validators trust to accept Tijori's signatures. */
    public X509Certificate certificate() {
        return authority.certificate();
    }

    /** The CA's certificate as PEM, followed by its issuers' when the deployer's CA is not a root. */
    public String certificatePem() {
        StringBuilder pem = new StringBuilder();
        for (X509Certificate certificate : authority.chain()) {
            pem.append(Certificates.toPem(certificate));
        }
        return pem.toString();
    }

    /** The certificate of Tijori's own time-stamp authority on this node (issued by the CA at start-up). */
    public X509Certificate timeStampCertificate() {
        return ownTimeStamps.credential().certificate();
    }

    /** The CA's current CRL, DER: signed at most {@code crl-refresh} ago, valid for {@code crl-validity}. */
    public byte[] crl() {
        return currentCrl().der().clone();
    }

    /** When the current CRL says the next one will be out, for caches. */
    public Instant crlNextUpdate() {
        return currentCrl().nextUpdate();
    }

    /**
     * Answers an RFC 3161 time-stamp request (DER) from Tijori's own time-stamp authority, as {@code POST /esign/tsa}
     * serves it: a granted response, or a rejection for an algorithm other than SHA-256, -384 or -512.
     *
     * @throws IllegalArgumentException when the request is not a time-stamp request
     */
    public byte[] respondToTimeStampRequest(byte[] request) {
        org.bouncycastle.tsp.TimeStampRequest parsed;
        try {
            parsed = new org.bouncycastle.tsp.TimeStampRequest(request);
        }
        catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException("The body is not an RFC 3161 time-stamp request", e);
        }
        try {
            return ownTimeStamps.respond(parsed).getEncoded();
        }
        catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    CertificateAuthority authority() {
        return authority;
    }

    TimeStampAuthority timeStamps() {
        return timeStamps;
    }

    OwnTimeStampAuthority ownTimeStamps() {
        return ownTimeStamps;
    }

    private Crl currentCrl() {
        Instant now = clock.instant();
        Crl current = crl;
        if (current == null || !now.isBefore(current.thisUpdate().plus(properties.crlRefresh()))
                || now.isBefore(current.thisUpdate())) {
            synchronized (this) {
                current = crl;
                if (current == null || !now.isBefore(current.thisUpdate().plus(properties.crlRefresh()))
                        || now.isBefore(current.thisUpdate())) {
                    Instant nextUpdate = now.plus(properties.crlValidity());
                    // No certificate is revoked yet: each lives for minutes and signs once.
                    byte[] der = PadesSigner.der(authority.crl(List.<BigInteger>of(), now, nextUpdate));
                    current = new Crl(der, now, nextUpdate);
                    crl = current;
                }
            }
        }
        return current;
    }

    private record Crl(byte[] der, Instant thisUpdate, Instant nextUpdate) {
    }

    private static CertificateAuthority stored(JdbcClient jdbc, SealedValues sealed, Clock clock,
            EsignProperties properties, TijoriProperties tijori) {
        Row row = read(jdbc).orElseGet(() -> {
            Instant now = clock.instant();
            CertificateAuthority made = CertificateAuthority.generate(tijori.baseUrl(), now, properties.caValidity());
            byte[] pkcs8 = made.privateKey().getEncoded();
            byte[] sealedKey = sealed.seal(pkcs8, CONTEXT);
            Arrays.fill(pkcs8, (byte) 0);
            int inserted = jdbc.sql("""
                    insert into signing_esign_ca (id, name, certificate, private_sealed, created_at)
                    values (?, ?, ?, ?, ?) on conflict (name) do nothing""")
                    .params(UUID.randomUUID(), NAME, PadesSigner.der(made.certificate()), sealedKey,
                            OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                    .update();
            if (inserted == 1) {
                log.info("Made the e-sign CA {} (SHA-256 {})", made.certificate().getSubjectX500Principal(),
                        Certificates.sha256Fingerprint(made.certificate()));
            }
            return read(jdbc).orElseThrow();
        });
        X509Certificate certificate = parse(row.certificate());
        byte[] pkcs8 = null;
        try {
            pkcs8 = sealed.open(row.privateSealed(), CONTEXT);
            PrivateKey key = KeyFactory.getInstance(certificate.getPublicKey().getAlgorithm())
                    .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            checkPair(key, certificate);
            return new CertificateAuthority(key, List.of(certificate), tijori.baseUrl());
        }
        catch (SealedValueException | GeneralSecurityException e) {
            throw new IllegalStateException("The e-sign CA's private key in signing_esign_ca cannot be opened with the "
                    + "master keyset; start with the keyset it was sealed under", e);
        }
        finally {
            if (pkcs8 != null) {
                Arrays.fill(pkcs8, (byte) 0);
            }
        }
    }

    private record Row(byte[] certificate, byte[] privateSealed) {
    }

    private static java.util.Optional<Row> read(JdbcClient jdbc) {
        return jdbc.sql("select certificate, private_sealed from signing_esign_ca where name = ?").param(NAME)
                .query((rs, n) -> new Row(rs.getBytes("certificate"), rs.getBytes("private_sealed"))).optional();
    }

    private static CertificateAuthority fromKeystore(EsignProperties properties, TijoriProperties tijori) {
        char[] password = properties.caKeystorePassword() == null ? new char[0]
                : properties.caKeystorePassword().toCharArray();
        try (InputStream in = Files.newInputStream(properties.caKeystore())) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            List<String> keyAliases = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keyAliases.add(alias);
                }
            }
            if (keyAliases.size() != 1) {
                throw new IllegalStateException("The e-sign CA keystore " + properties.caKeystore() + " must hold "
                        + "exactly one private key with its certificate chain; it holds " + keyAliases.size());
            }
            String alias = keyAliases.get(0);
            PrivateKey key = (PrivateKey) store.getKey(alias, password);
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : store.getCertificateChain(alias)) {
                chain.add((X509Certificate) certificate);
            }
            X509Certificate ca = chain.get(0);
            if (ca.getBasicConstraints() < 0 || ca.getKeyUsage() == null || !ca.getKeyUsage()[5]) {
                throw new IllegalStateException("The certificate in the e-sign CA keystore " + properties.caKeystore()
                        + " is not a CA's: it needs basicConstraints CA:true and the keyCertSign key usage");
            }
            Certificates.checkSigningKey(ca);
            checkPair(key, ca);
            log.info("Using the deployer's e-sign CA {} (SHA-256 {})", ca.getSubjectX500Principal(),
                    Certificates.sha256Fingerprint(ca));
            return new CertificateAuthority(key, chain, tijori.baseUrl());
        }
        catch (IOException | GeneralSecurityException | ClassCastException | IllegalArgumentException e) {
            throw new IllegalStateException("The e-sign CA keystore " + properties.caKeystore()
                    + " cannot be used: " + e.getMessage(), e);
        }
        finally {
            Arrays.fill(password, '\0');
        }
    }

    private static void checkPair(PrivateKey key, X509Certificate certificate) throws GeneralSecurityException {
        String algorithm = CertificateAuthority.signatureAlgorithm(key);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(TEST_MESSAGE);
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(TEST_MESSAGE);
        if (!verifier.verify(signer.sign())) {
            throw new GeneralSecurityException("the private key does not match the CA certificate");
        }
    }

    private static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("The e-sign CA certificate in signing_esign_ca is damaged", e);
        }
    }
}
