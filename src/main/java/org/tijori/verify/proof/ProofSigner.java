package org.tijori.verify.proof;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.util.Base64URL;
import org.tijori.issuer.DocumentProofs;
import org.tijori.issuer.ProofSubject;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Signs Tijori's proof for a document's version (ADR 22) as a compact JWS: the header exactly
 * {@code {"alg":"ES256","kid":"..."}}, the payload {@link ProofClaims}, with the key that signs now. The
 * header and payload are written here rather than by a JOSE library, so that their bytes are exactly
 * these and stay so across library versions; Nimbus JOSE+JWT makes the ECDSA signature ({@link Es256}).
 */
@Component
public class ProofSigner implements DocumentProofs {

    private final ProofKeys keys;

    private final VerificationLinks links;

    private final Clock clock;

    @Autowired
    ProofSigner(ProofKeys keys, VerificationLinks links, Clock clock) {
        this.keys = keys;
        this.links = links;
        this.clock = clock;
    }

    /** @param baseUrl Tijori's public address; a trailing slash is dropped */
    public ProofSigner(ProofKeys keys, String baseUrl, Clock clock) {
        this(keys, new VerificationLinks(URI.create(baseUrl), List.of()), clock);
    }

    @Override
    public String link(ProofSubject subject) {
        return links.link(subject.uri(), sign(claims(subject)));
    }

    /** The claims of a proof for the subject, made now. */
    public ProofClaims claims(ProofSubject subject) {
        return new ProofClaims(subject.uri(), links.address(), Instant.ofEpochSecond(clock.instant().getEpochSecond()),
                subject.issuedOn(), subject.holder(), ProofClaims.sha256Claim(subject.xmlSha256()), subject.version());
    }

    /**
     * The compact JWS of the claims.
     *
     * @throws IllegalStateException when no key may sign yet (the store has not been read)
     */
    public String sign(ProofClaims claims) {
        ProofKeys.Signing signing = keys.signing(clock.instant())
                .orElseThrow(() -> new IllegalStateException("No proof key may sign now."));
        String header = Base64URL.encode(("{\"alg\":\"ES256\",\"kid\":" + ProofClaims.quote(signing.kid()) + "}")
                .getBytes(StandardCharsets.UTF_8)).toString();
        String input = header + "." + Base64URL.encode(claims.toJson());
        return input + "." + Es256.sign(signing.signer(), input.getBytes(StandardCharsets.US_ASCII));
    }
}
