package org.tijori.issuer.pull;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tijori.issuer.IssuerId;

/**
 * What an administrator sees of an issuer's Pull URI address before deciding on the issuer: where Tijori
 * would send residents' searches, what that address presents itself as, and which of the residents'
 * details each doc type's searches carry there.
 *
 * @param check how the look at the address went just now
 * @param detail why the look did not yield a certificate, in the check's own (technical) words; or null
 * @param certificate the TLS certificate the address presented, when it was looked at and did
 * @param residentFields by doc type code, the details of the resident each search sends to the issuer
 */
public record PullAddressReview(IssuerId issuer, String url, Check check, String detail,
        ServerCertificate certificate, Map<String, List<ResidentField>> residentFields) {

    public PullAddressReview {
        residentFields = Collections.unmodifiableMap(new LinkedHashMap<>(residentFields));
    }

    /** How looking at the address went. */
    public enum Check {
        /** It presented the certificate shown. */
        CERTIFICATE,
        /** Plain http: nothing to show, and everything sent there travels unprotected. */
        PLAIN_HTTP,
        /** It leads where Tijori does not call (loopback, a private network...): searches will fail. */
        REFUSED,
        /** The name has no address (now). */
        UNRESOLVED,
        /** It did not answer, or did not speak TLS, in time. */
        UNREACHABLE,
        /** Not looked at: the issuer is not waiting for a decision, or too many are. */
        NOT_LOOKED_AT
    }

    /**
     * An https address's certificate.
     *
     * @param sha256Fingerprint hex pairs joined by colons
     * @param trustProblem why this server's trust store would refuse it for the address's name; null when it
     *                     would not
     */
    public record ServerCertificate(String subject, String issuer, Instant notBefore, Instant notAfter,
            String sha256Fingerprint, String trustProblem) {

        public boolean trusted() {
            return trustProblem == null;
        }
    }
}
