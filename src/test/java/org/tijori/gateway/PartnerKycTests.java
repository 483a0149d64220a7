package org.tijori.gateway;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.audit.AuditTrail;
import org.tijori.identity.NationalId;
import org.tijori.identity.NationalIdLinks;
import org.tijori.issuer.idcard.NationalIdCards;
import org.tijori.signing.SecureXml;
import org.tijori.signing.SignatureCheck;
import org.tijori.signing.XmlSignatures;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tijori.gateway.PartnerPullTests.assertError;

/**
 * DigiLocker's e-Aadhaar XML over HTTP (ADR 23, #19): the national-ID card a resident holds, answered as a
 * {@code KycRes} that verifies with the ID authority's registered certificate, on the path of the reference file and
 * its alias; {@code aadhaar_not_linked} without a national ID, {@code aadhaar_not_available} without the card; a
 * token whose consent lacks {@code eaadhaar} refused.
 */
@PartnerTestContext
class PartnerKycTests {

    /** Mohammed Irfan Qureshi and Lakshmi Venkataraman of the demo registry. */
    static final String IRFAN = "999959083016";

    static final String LAKSHMI = "999966131861";

    static final String AUTHORITY = "in.gov.uidai";

    static final AtomicInteger residents = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    NationalIdLinks links;

    @Autowired
    NationalIdCards cards;

    @Autowired
    AuditTrail trail;

    @Test
    void answersTheHeldCardAsASignedKycResOnBothPaths() throws Exception {
        ResidentAccount resident = linkedResident(IRFAN);
        StoredTokens tokens = new StoredTokens(jdbc);
        StoredTokens.Grant grant = tokens.grant(tokens.approvedRequester(), resident, "userdetails", "eaadhaar");

        for (String path : List.of("/public/oauth2/2/xml/eaadhaar", "/public/oauth2/3/xml/eaadhaar")) {
            HttpResponse<byte[]> answer = new WebClient(port).getBytes(path, grant.bearer());

            assertThat(answer.statusCode()).as(path).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/xml");
            Document kyc = SecureXml.parse(answer.body(), 4 << 20);
            assertThat(XmlSignatures.verify(kyc, List.of(authorityCertificate())))
                    .isInstanceOf(SignatureCheck.Valid.class);
            Element root = kyc.getDocumentElement();
            assertThat(root.getLocalName()).isEqualTo("KycRes");
            assertThat(root.getAttribute("ret")).isEqualTo("Y");
            Element data = child(root, "UidData");
            assertThat(data.getAttribute("uid")).isEqualTo("XXXXXXXX" + IRFAN.substring(8));
            assertThat(child(data, "Poi").getAttribute("name")).isEqualTo("Mohammed Irfan Qureshi");
            assertThat(new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain(IRFAN);
        }
        await().untilAsserted(() -> assertThat(trail.about(resident.id().toString(), 20))
                .filteredOn(entry -> entry.action().equals("gateway.PartnerAccessed")).hasSize(2)
                .allSatisfy(entry -> {
                    assertThat(entry.actor().type()).isEqualTo("CLIENT");
                    assertThat(entry.fields()).containsEntry("operation", "eaadhaar").containsEntry("times", "1");
                }));
        assertThat(jdbc.sql("select count(*) from gateway_access where account_id = ? and operation = 'eaadhaar'")
                .param(resident.id().value()).query(Long.class).single())
                .as("shown to the resident among the app's accesses").isEqualTo(2);
    }

    @Test
    void aResidentWithoutANationalIdOrWithoutTheCardHasNone() throws Exception {
        StoredTokens tokens = new StoredTokens(jdbc);
        StoredTokens.Requester requester = tokens.approvedRequester();
        StoredTokens.Grant unlinked = tokens.grant(requester, resident(), "eaadhaar");

        assertError(get("/public/oauth2/2/xml/eaadhaar", unlinked), 404, "aadhaar_not_linked", "not linked");
        assertError(get("/public/oauth2/3/xml/eaadhaar", unlinked), 404, "aadhaar_not_linked", "not linked");

        ResidentAccount withoutCard = linkedResident(LAKSHMI);
        jdbc.sql("update issuer_document set status = 'DELETED' where account_id = ? and issuer_id = ?")
                .params(withoutCard.id().value(), AUTHORITY).update();
        StoredTokens.Grant linked = tokens.grant(requester, withoutCard, "eaadhaar");

        assertError(get("/public/oauth2/2/xml/eaadhaar", linked), 404, "aadhaar_not_available", "not available");
        assertThat(trail.about(withoutCard.id().toString(), 20)).extracting(entry -> entry.action())
                .doesNotContain("gateway.PartnerAccessed");
    }

    @Test
    void aTokenWhoseConsentLacksTheScopeIsRefused() throws Exception {
        StoredTokens tokens = new StoredTokens(jdbc);
        StoredTokens.Grant grant = tokens.grant(tokens.approvedRequester(), resident(), "userdetails",
                "files.issueddocs", "pull");

        assertError(get("/public/oauth2/2/xml/eaadhaar", grant), 403, "insufficient_scope", "consent");
        assertError(get("/public/oauth2/3/xml/eaadhaar", grant), 403, "insufficient_scope", "consent");
        assertError(new WebClient(port).get("/public/oauth2/2/xml/eaadhaar", "X-Forwarded-For",
                TestRequester.newAddress()), 401, "invalid_token", "missing");
    }

    HttpResponse<String> get(String path, StoredTokens.Grant grant) throws Exception {
        return new WebClient(port).get(path, grant.bearer()[0], grant.bearer()[1], "X-Forwarded-For",
                TestRequester.newAddress());
    }

    ResidentAccount resident() {
        int n = residents.incrementAndGet();
        return accounts.signUp(new MobileNumber(String.valueOf(7_500_000_000L + (System.nanoTime() % 1_000_000) * 100
                + n)), "partnerkyc" + n, "a long and unusual phrase");
    }

    /** A resident who linked this national ID, once the card it brings is held. */
    ResidentAccount linkedResident(String uid) {
        ResidentAccount resident = resident();
        links.link(resident.id(), links.requestLink(resident.id(), new NationalId(uid)).token());
        await().atMost(Duration.ofSeconds(30)).until(() -> cards.holds(resident.id()));
        return resident;
    }

    /** The certificate the ID authority registered, the only one verification trusts for its documents. */
    X509Certificate authorityCertificate() throws Exception {
        byte[] der = jdbc.sql("select certificate from issuer_certificate where issuer_id = ? and retired_at is null")
                .param(AUTHORITY).query(byte[].class).single();
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }

    static Element child(Element parent, String name) {
        for (var node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && name.equals(element.getLocalName())) {
                return element;
            }
        }
        return null;
    }
}
