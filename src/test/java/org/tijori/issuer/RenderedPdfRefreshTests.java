package org.tijori.issuer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.signing.TestIssuerKeys;
import org.tijori.storage.BlobVault;
import org.tijori.storage.StoredBlob;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PDFs kept from before QR codes carried a proof (ADR 22): Tijori's own are drawn again at the next download and
 * the old one leaves the vault; an issuer's own PDF is kept as it was.
 */
@IssuerTestContext
class RenderedPdfRefreshTests {

    static final AtomicInteger counter = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    IssuedDocuments documents;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    BlobVault vault;

    @Autowired
    JdbcClient jdbc;

    @Test
    void drawsAgainAPdfTijoriKeptWithoutAProofAndDeletesTheOldOne() throws Exception {
        ResidentAccount resident = resident();
        String uri = push(resident);
        byte[] old = proofless();
        UUID oldBlob = keep(uri, old, true);

        byte[] downloaded = download(resident, uri);

        assertThat(downloaded).isNotEqualTo(old);
        assertThat(PrintedQrCode.scan(downloaded, false).text()).contains("/verify/" + uri + "?p=");
        assertThat(jdbc.sql("select pdf_rendered and pdf_proof from issuer_document where uri = ?").param(uri)
                .query(Boolean.class).single()).isTrue();
        assertThat(jdbc.sql("select count(*) from storage_blob where id = ?").param(oldBlob).query(Long.class).single())
                .as("the proof-less PDF left the vault").isZero();
        assertThat(download(resident, uri)).as("kept, not drawn again").isEqualTo(downloaded);
    }

    @Test
    void keepsAnIssuersOwnPdfAsItWas() throws Exception {
        ResidentAccount resident = resident();
        String uri = push(resident);
        byte[] issuers = proofless();
        UUID blob = keep(uri, issuers, false);

        assertThat(download(resident, uri)).isEqualTo(issuers);
        assertThat(jdbc.sql("select pdf_blob from issuer_document where uri = ?").param(uri).query(UUID.class).single())
                .isEqualTo(blob);
    }

    /** Puts a PDF in the row of the document's live version, as Tijori ({@code rendered}) or the issuer kept it. */
    UUID keep(String uri, byte[] pdf, boolean rendered) {
        StoredBlob stored = vault.store(new ByteArrayInputStream(pdf));
        jdbc.sql("""
                update issuer_document set pdf_blob = ?, pdf_sha256 = ?, pdf_rendered = ?, pdf_proof = false
                where uri = ?""").params(stored.id().value(), stored.sha256(), rendered, uri).update();
        return stored.id().value();
    }

    byte[] download(ResidentAccount resident, String uri) throws Exception {
        try (InputStream pdf = documents.openPdf(resident.id(), DocumentUri.parse(uri)).orElseThrow()) {
            return pdf.readAllBytes();
        }
    }

    ResidentAccount resident() {
        int n = counter.incrementAndGet();
        return accounts.signUp(new MobileNumber(String.valueOf(7_400_000_000L
                + (System.nanoTime() % 1_000_000) * 100 + n % 100)), "refresh" + n,
                "a long and unusual phrase");
    }

    String push(ResidentAccount resident) throws Exception {
        TestIssuer issuer = new TestIssuer("in.gov.refresh" + counter.incrementAndGet(), TestIssuerKeys.generate("Board"));
        issuer.registerAndApprove(new WebClient(port), issuer.registrationJson("HSCER"), IssuerPushTests.TOKEN);
        String uri = issuer.issuerId + "-HSCER-R1";
        Map<String, String> fields = Map.of("digilockerid", resident.lockerId().toString(), "uri", uri, "doctype",
                "HSCER", "description", "Marksheet", "docid", "R1", "issuedate", "15052014", "action", "A",
                "datacontent", Base64.getEncoder().encodeToString(issuer.signedCertificate("HSCER", "R1",
                        "999941057058", "Aarav Sharma")));
        HttpResponse<String> pushed = new WebClient(port).postForm("/public/account/1/pushuri", issuer.form(fields));
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
        return uri;
    }

    /** A PDF with no proof in it, as the renderer drew them before, or as an issuer sends its own. */
    static byte[] proofless() throws Exception {
        try (PDDocument document = new PDDocument(); var out = new ByteArrayOutputStream()) {
            document.addPage(new PDPage());
            document.getDocumentInformation().setTitle("Marksheet " + UUID.randomUUID());
            document.save(out);
            byte[] pdf = out.toByteArray();
            try (PDDocument check = Loader.loadPDF(pdf)) {
                assertThat(check.getDocumentInformation().getCustomMetadataValue("TijoriVerification")).isNull();
            }
            return pdf;
        }
    }
}
