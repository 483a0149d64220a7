package org.tijori.issuer;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.signing.LegacyAlgorithms;
import org.tijori.signing.TestIssuerKeys;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The repository as verification reads it: one version of a URI, whoever holds it, with the live version now. */
@IssuerTestContext
class VerifiableDocumentsTests {

    static final AtomicInteger counter = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    VerifiableDocuments verifiable;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    JdbcClient jdbc;

    @Test
    void readsAVersionWithItsNamesItsStatusAndTheLiveVersion() throws Exception {
        int n = counter.incrementAndGet();
        ResidentAccount resident = accounts.signUp(new MobileNumber(String.valueOf(7_500_000_000L
                + (System.nanoTime() % 1_000_000) * 100 + n % 100)),
                "verifiable" + n, "a long and unusual phrase");
        TestIssuer issuer = new TestIssuer("in.gov.verifiable" + n, TestIssuerKeys.generate("Board"));
        issuer.registerAndApprove(new WebClient(port), issuer.registrationJson("HSCER"), IssuerPushTests.TOKEN);
        DocumentUri uri = DocumentUri.parse(issuer.issuerId + "-HSCER-V/1");
        push(issuer, resident, uri, "A");
        push(issuer, resident, uri, "U");
        String xmlSha256 = jdbc.sql("select xml_sha256 from issuer_document where uri = ? and version = 1")
                .param(uri.toString()).query(String.class).single();

        assertThat(verifiable.version(uri, 1)).hasValueSatisfying(first -> {
            assertThat(first.uri()).isEqualTo(uri);
            assertThat(first.version()).isEqualTo(1);
            assertThat(first.issuerName()).isEqualTo("Board of " + issuer.issuerId);
            assertThat(first.docTypeName()).isEqualTo("Class XII Marksheet");
            assertThat(first.status()).isEqualTo(DocumentStatus.SUPERSEDED);
            assertThat(first.issuedOn()).isEqualTo(LocalDate.of(2014, 5, 15));
            assertThat(first.validTo()).isNull();
            assertThat(first.xmlSha256()).isEqualTo(xmlSha256).hasSize(64);
            assertThat(first.legacySignature()).isFalse();
            assertThat(first.holder()).isEqualTo(resident.id());
            assertThat(first.liveVersion()).isEqualTo(2);
        });
        assertThat(verifiable.version(uri, 2)).hasValueSatisfying(second -> {
            assertThat(second.status()).isEqualTo(DocumentStatus.ACTIVE);
            assertThat(second.liveVersion()).isEqualTo(2);
        });
        assertThat(verifiable.version(uri, 3)).isEmpty();
        assertThat(verifiable.version(DocumentUri.parse(issuer.issuerId + "-HSCER-V/2"), 1)).isEmpty();
        assertThat(verifiable.byXmlSha256(xmlSha256)).extracting(VerifiableVersion::version).contains(1);

        Map<String, String> delete = Map.of("digilockerid", resident.lockerId().toString(), "uri", uri.toString(),
                "doctype", "HSCER", "description", "Marksheet", "docid", uri.docId(), "issuedate", "15052014",
                "action", "D");
        assertThat(new WebClient(port).postForm("/public/account/1/pushuri", issuer.form(delete)).statusCode())
                .isEqualTo(200);
        assertThat(verifiable.version(uri, 2)).hasValueSatisfying(deleted -> {
            assertThat(deleted.status()).isEqualTo(DocumentStatus.DELETED);
            assertThat(deleted.liveVersion()).isNull();
        });
    }

    @Test
    void findsTheApprovedIssuersOfACertificateCurrentOrRetired() throws Exception {
        int n = counter.incrementAndGet();
        TestIssuer issuer = new TestIssuer("in.gov.signer" + n, TestIssuerKeys.generate("Board"));
        issuer.registerAndApprove(new WebClient(port), issuer.registrationJson("HSCER"), IssuerPushTests.TOKEN);

        assertThat(verifiable.registeredSigners(issuer.keys.certificate())).singleElement().satisfies(signer -> {
            assertThat(signer.issuer()).isEqualTo(new IssuerId(issuer.issuerId));
            assertThat(signer.issuerName()).isEqualTo("Board of " + issuer.issuerId);
            assertThat(signer.certificate()).isEqualTo(issuer.keys.certificate());
            assertThat(signer.retired()).isFalse();
            assertThat(signer.legacy()).isEqualTo(LegacyAlgorithms.REFUSED);
        });

        TestIssuerKeys next = TestIssuerKeys.generate("Board");
        HttpResponse<String> replaced = new WebClient(port).postJson("/api/v1/admin/issuers/" + issuer.issuerId
                + "/certificates", "{\"signingCertificatePem\":\"" + next.certificatePem().replace("\n", "\\n")
                + "\"}", "Authorization", "Bearer " + IssuerPushTests.TOKEN);
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        assertThat(verifiable.registeredSigners(issuer.keys.certificate())).singleElement()
                .satisfies(signer -> assertThat(signer.retired()).isTrue());
        assertThat(verifiable.registeredSigners(next.certificate())).singleElement()
                .satisfies(signer -> assertThat(signer.retired()).isFalse());

        TestIssuer pending = new TestIssuer("in.gov.pendingsigner" + n, TestIssuerKeys.generate("Board"));
        assertThat(new WebClient(port).postJson("/api/v1/issuers/registrations", pending.registrationJson("HSCER"))
                .statusCode()).isEqualTo(202);
        assertThat(verifiable.registeredSigners(pending.keys.certificate())).as("not approved").isEmpty();
        assertThat(verifiable.registeredSigners(TestIssuerKeys.generate("Board").certificate())).isEmpty();
    }

    void push(TestIssuer issuer, ResidentAccount resident, DocumentUri uri, String action) throws Exception {
        Map<String, String> fields = Map.of("digilockerid", resident.lockerId().toString(), "uri", uri.toString(),
                "doctype", "HSCER", "description", "Marksheet", "docid", uri.docId(), "issuedate", "15052014",
                "action", action, "datacontent", Base64.getEncoder().encodeToString(issuer.signedCertificate("HSCER",
                        uri.docId(), "999941057058", "Aarav Sharma")));
        HttpResponse<String> pushed = new WebClient(port).postForm("/public/account/1/pushuri", issuer.form(fields));
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
    }
}
