package org.tijori.verify;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.IssuedDocuments;
import org.tijori.issuer.TestIssuer;
import org.tijori.signing.TestIssuerKeys;

import static org.assertj.core.api.Assertions.assertThat;

/** Issuers, residents and documents for the verification tests, made over HTTP as issuers make them. */
final class PublishedDocuments {

    static final AtomicInteger counter = new AtomicInteger();

    private final int port;

    private final ResidentAccounts accounts;

    private final IssuedDocuments documents;

    PublishedDocuments(int port, ResidentAccounts accounts, IssuedDocuments documents) {
        this.port = port;
        this.accounts = accounts;
        this.documents = documents;
    }

    /** An approved issuer with the given ID and one doc type. */
    TestIssuer issuer(String issuerId, String docType) throws Exception {
        TestIssuer issuer = new TestIssuer(issuerId, TestIssuerKeys.generate("Board"));
        return issuer.registerAndApprove(new WebClient(port), issuer.registrationJson(docType), VerifyTestContext.TOKEN);
    }

    /** An approved issuer of doc type HSCER with a short, new ID. */
    TestIssuer issuer() throws Exception {
        return issuer("in.gov.verify" + counter.incrementAndGet(), "HSCER");
    }

    ResidentAccount resident() {
        int n = counter.incrementAndGet();
        return accounts.signUp(new MobileNumber(String.valueOf(7_300_000_000L
                + (System.nanoTime() % 1_000_000) * 100 + n % 100)), "verify" + n,
                "a long and unusual phrase");
    }

    /**
     * Pushes a signed Certificate XML about {@code holder} to the resident's locker (DigiLocker's pushuri, action A
     * or U) and returns its URI.
     */
    String push(TestIssuer issuer, ResidentAccount resident, String docType, String docId, String holder,
            String action) throws Exception {
        String uri = issuer.issuerId + "-" + docType + "-" + docId;
        Map<String, String> fields = Map.of("digilockerid", resident.lockerId().toString(), "uri", uri, "doctype",
                docType, "description", "Marksheet", "docid", docId, "issuedate", "15052014", "action", action,
                "datacontent", Base64.getEncoder().encodeToString(issuer.signedCertificate(docType, docId,
                        "999941057058", holder)));
        HttpResponse<String> pushed = new WebClient(port).postForm("/public/account/1/pushuri", issuer.form(fields));
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
        return uri;
    }

    String push(TestIssuer issuer, ResidentAccount resident, String docId, String holder) throws Exception {
        return push(issuer, resident, "HSCER", docId, holder, "A");
    }

    /** The PDF the resident downloads. */
    byte[] pdf(ResidentAccount resident, String uri) throws Exception {
        try (InputStream pdf = documents.openPdf(resident.id(), DocumentUri.parse(uri)).orElseThrow()) {
            return pdf.readAllBytes();
        }
    }

    /** The Certificate XML the resident downloads. */
    byte[] xml(ResidentAccount resident, String uri) throws Exception {
        try (InputStream xml = documents.openXml(resident.id(), DocumentUri.parse(uri)).orElseThrow()) {
            return xml.readAllBytes();
        }
    }
}
