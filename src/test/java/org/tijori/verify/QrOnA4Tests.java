package org.tijori.verify;

import org.junit.jupiter.api.Test;
import org.tijori.TijoriProperties;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.issuer.IssuedDocuments;
import org.tijori.issuer.PrintedQrCode;
import org.tijori.issuer.TestIssuer;
import org.tijori.verify.proof.ProofCheck;
import org.tijori.verify.proof.ProofOutcome;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The QR code of a PDF as it prints on A4, at its largest: the longest IDs the code allows and a holder's name
 * of 100 Devanagari letters still read at 150 dpi, at level M, and after a blur.
 */
@VerifyTestContext
class QrOnA4Tests {

    /** 100 code points of Devanagari, three bytes each in UTF-8. */
    static final String LONG_NAME = "\u0905\u0928\u0941\u092a\u092e\u093e ".repeat(15).substring(0, 100);

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    IssuedDocuments documents;

    @Autowired
    TijoriProperties tijori;

    @Autowired
    ProofCheck check;

    @Test
    void readsTheCodeOfTheLongestUriAndNameAtLevelMFromA150DpiPrint() throws Exception {
        var published = new PublishedDocuments(port, accounts, documents);
        String prefix = "in.gov.qr" + PublishedDocuments.counter.incrementAndGet() + ".";
        String issuerId = prefix + "x".repeat(64 - prefix.length());
        TestIssuer issuer = published.issuer(issuerId, "MARKSHEET123");
        ResidentAccount resident = published.resident();
        String docId = "DL/2014/" + "0123456789".repeat(10).substring(0, 92);
        assertThat(issuerId).hasSize(64);
        assertThat(docId).hasSize(100);
        String uri = published.push(issuer, resident, "MARKSHEET123", docId, LONG_NAME, "A");

        byte[] pdf = published.pdf(resident, uri);
        PrintedQrCode.Scan sharp = PrintedQrCode.scan(pdf, false);
        PrintedQrCode.Scan blurred = PrintedQrCode.scan(pdf, true);

        String base = tijori.baseUrl().toString().replaceAll("/$", "");
        assertThat(sharp.text()).startsWith(base + "/verify/" + uri + "?p=");
        assertThat(sharp.errorCorrection()).isEqualTo("M");
        assertThat(blurred.text()).isEqualTo(sharp.text());
        assertThat(sharp.annotation()).isEqualTo(sharp.text());
        assertThat(sharp.infoEntry()).isEqualTo(sharp.text());
        String proof = sharp.text().substring(sharp.text().indexOf("?p=") + 3);
        assertThat(check.check(uri, proof)).isInstanceOfSatisfying(ProofOutcome.Verified.class,
                verified -> assertThat(verified.claims().holder()).isEqualTo(LONG_NAME));
    }

    @Test
    void readsTheCodeOfATypicalDocument() throws Exception {
        var published = new PublishedDocuments(port, accounts, documents);
        TestIssuer issuer = published.issuer();
        ResidentAccount resident = published.resident();
        String uri = published.push(issuer, resident, "2014123456", "Aarav Sharma");

        PrintedQrCode.Scan scan = PrintedQrCode.scan(published.pdf(resident, uri), true);

        assertThat(scan.text()).contains("/verify/" + uri + "?p=");
        assertThat(scan.errorCorrection()).isEqualTo("M");
    }
}
