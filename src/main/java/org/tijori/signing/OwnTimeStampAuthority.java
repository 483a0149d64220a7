package org.tijori.signing;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Objects;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/**
 * Tijori's own RFC 3161 time-stamp authority: a key made at start-up and never stored, with a certificate the
 * e-sign CA issues for it (extended key usage timeStamping, critical). A token carries the authority's
 * certificate and the CA's, names it by signing-certificate-v2 and states the time to the second.
 */
final class OwnTimeStampAuthority implements TimeStampAuthority {

    /**
     * The policy under which tokens are issued: an OID under {@code 2.25} (ITU-T X.667, derived from a UUID), which
     * needs no registration.
     */
    static final ASN1ObjectIdentifier POLICY = new ASN1ObjectIdentifier(
            "2.25." + new BigInteger("6f1c2b3ad5e84a1f9c0e7d52b4a6e913", 16));

    private static final SecureRandom random = new SecureRandom();

    private final IssuedCredential credential;

    private final JcaCertStore certificates;

    private final Clock clock;

    OwnTimeStampAuthority(CertificateAuthority authority, Clock clock, Duration validity) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.credential = authority.issueTimeStamping(clock.instant(), validity);
        try {
            this.certificates = new JcaCertStore(credential.chain());
        }
        catch (CertificateEncodingException e) {
            throw new IllegalStateException("the time-stamp authority's certificates cannot be encoded", e);
        }
    }

    @Override
    public java.util.List<byte[]> certificates() {
        return credential.chain().stream().map(PadesSigner::der).toList();
    }

    IssuedCredential credential() {
        return credential;
    }

    @Override
    public TimeStampToken stamp(byte[] sha256) {
        TimeStampRequestGenerator requests = new TimeStampRequestGenerator();
        requests.setCertReq(true);
        TimeStampRequest request = requests.generate(TSPAlgorithms.SHA256, sha256,
                new BigInteger(64, random));
        TimeStampToken token = respond(request).getTimeStampToken();
        if (token == null) {
            throw new TimeStampUnavailableException("Tijori's time-stamp authority refused its own request");
        }
        return token;
    }

    /**
     * Answers a time-stamp request: a granted token, or a refusal (an algorithm other than SHA-256/384/512, a
     * digest of the wrong length) with its failure info, as RFC 3161 answers.
     */
    TimeStampResponse respond(TimeStampRequest request) {
        try {
            // A content signer holds one java.security.Signature: one generator per token, so that threads share none.
            DigestCalculator sha256 = new JcaDigestCalculatorProviderBuilder().build()
                    .get(new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                            org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_sha256));
            TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(
                    new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                            .build(CertificateAuthority.signer(credential.privateKey()), credential.certificate()),
                    sha256, POLICY);
            tokens.addCertificates(certificates);
            tokens.setAccuracySeconds(1);
            TimeStampResponseGenerator responses = new TimeStampResponseGenerator(tokens,
                    java.util.Set.of(TSPAlgorithms.SHA256, TSPAlgorithms.SHA384, TSPAlgorithms.SHA512));
            return responses.generate(request, new BigInteger(127, random).setBit(126),
                    Date.from(clock.instant()));
        }
        catch (OperatorCreationException | CertificateEncodingException | TSPException e) {
            throw new TimeStampUnavailableException("Tijori's time-stamp authority could not sign", e);
        }
    }
}
