package org.tijori.issuer;

import org.tijori.WebClient;
import org.tijori.signing.TestIssuerKeys;

/**
 * The issuer the publishing benchmarks play: registered over HTTP and approved with the bootstrap token,
 * as a real issuer is, and publishing signed marksheets of about 5 KiB of one doc type.
 */
final class BenchmarkIssuer {

    static final String DOC_TYPE = "HSCER";

    private BenchmarkIssuer() {
    }

    /**
     * Registers {@code issuerId} with a fresh RSA-2048 key and the doc type {@link #DOC_TYPE}, and has the
     * bootstrap token approve it; fails unless both steps are accepted.
     */
    static TestIssuer approved(WebClient web, String issuerId, String bootstrapToken) throws Exception {
        TestIssuer issuer = new TestIssuer(issuerId, TestIssuerKeys.generate("Benchmark Board"));
        return issuer.registerAndApprove(web, issuer.registrationJson(DOC_TYPE), bootstrapToken);
    }

    /** A certificate of about 5 KiB: a marksheet with many subjects, as real ones carry. */
    static byte[] certificate(TestIssuer issuer, String docId, String uid) {
        return issuer.signedCertificate(DOC_TYPE, docId, uid, "Person " + uid.substring(8), 28);
    }

    /** A push (action A) of {@code certificate} to the resident with national ID {@code uid}, fresh ts and txn. */
    static String push(TestIssuer issuer, String docId, String uid, byte[] certificate) {
        return issuer.pushRequest(uid, DOC_TYPE, docId, "A", certificate);
    }
}
