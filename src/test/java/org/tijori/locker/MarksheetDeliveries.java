package org.tijori.locker;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.issuer.TestIssuer;
import org.tijori.signing.SecureXml;
import org.tijori.signing.TestIssuerKeys;
import org.tijori.signing.XmlSignatures;
import org.w3c.dom.Document;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Residents signed in over HTTP, approved test issuers, and a signed marksheet with subjects pushed to a resident's
 * locker, for the tests of an issued document's page. The application must run with {@code bootstrapToken} as
 * {@code tijori.admin.bootstrap-token}.
 */
final class MarksheetDeliveries {

    static final String PASSWORD = "a long and unusual phrase";

    /** A marksheet shaped as CBSE's (API Setu's {@code AcademicCertificateSchema}): doc type and number to fill in. */
    static final String MARKSHEET = """
            <Certificate language="99" name="Class XII Marksheet" type="%s" number="%s" issueDate="15-05-2014" \
            status="A"><IssuedBy><Organization name="Central Board of Secondary Education" code="CBSE" type="CG"/>\
            </IssuedBy><IssuedTo><Person uid="234567890124" name="Asha Verma" dob="1996-03-14" gender="F" \
            motherName="SUNITA DEVI"/></IssuedTo><CertificateData><Examination \
            name="SENIOR SCHOOL CERTIFICATE EXAMINATION" month="MARCH" year="2014"/><School name="DELHI PUBLIC SCHOOL" \
            code="20020"/><Performance result="PASS" marksTotal="167" marksMax="200" percentage="83.5"><Subjects>\
            <Subject name="ECONOMICS" code="030" marksTheory="70" marksPractical="17" marksTotal="87" grade="A2"/>\
            <Subject name="ENGLISH CORE" code="301" marksTheory="80" marksTotal="80" grade="B1"/></Subjects>\
            </Performance></CertificateData></Certificate>""";

    private static final AtomicInteger counter = new AtomicInteger();

    private final int port;

    private final ResidentAccounts accounts;

    private final String bootstrapToken;

    MarksheetDeliveries(int port, ResidentAccounts accounts, String bootstrapToken) {
        this.port = port;
        this.accounts = accounts;
        this.bootstrapToken = bootstrapToken;
    }

    /** A new resident, signed in on their own {@link WebClient}. */
    Resident newResident() throws Exception {
        int n = counter.incrementAndGet();
        String username = "card" + n + "x" + (System.nanoTime() % 100_000);
        ResidentAccount account = accounts.signUp(new MobileNumber(String.valueOf(6_400_000_000L
                + (System.nanoTime() % 1_000_000) * 100 + n)), username, PASSWORD);
        WebClient web = new WebClient(port);
        assertThat(web.signIn(username, PASSWORD).statusCode()).isEqualTo(302);
        return new Resident(account, web);
    }

    /** An issuer of {@code docType} (named Class XII Marksheet), registered and approved. */
    TestIssuer approvedIssuer(String docType) throws Exception {
        TestIssuer issuer = new TestIssuer("in.gov.card" + counter.incrementAndGet(),
                TestIssuerKeys.generate("Board"));
        return issuer.registerAndApprove(new WebClient(port), issuer.registrationJson(docType), bootstrapToken);
    }

    /** Pushes the signed marksheet (doc type HSCER) to the resident's locker by locker ID; returns its URI. */
    String deliver(TestIssuer issuer, ResidentAccount resident, String docId) throws Exception {
        return deliver(issuer, resident, "HSCER", docId);
    }

    String deliver(TestIssuer issuer, ResidentAccount resident, String docType, String docId) throws Exception {
        Document certificate = SecureXml.parse(MARKSHEET.formatted(docType, docId).getBytes(StandardCharsets.UTF_8),
                1 << 20);
        XmlSignatures.sign(certificate, issuer.keys.privateKey(), issuer.keys.certificate());
        String body = issuer.pushRequest("<DigiLockerId>" + resident.lockerId() + "</DigiLockerId>", docType, docId,
                "A", SecureXml.serialize(certificate), TestIssuer.now(), TestIssuer.newTxn());
        HttpResponse<String> pushed = new WebClient(port).post("/public/issuer/issuedoc/1/xml", "application/xml",
                body.getBytes(StandardCharsets.UTF_8), "x-digilocker-hmac", issuer.hmac(body));
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
        assertThat(pushed.body()).contains(">1</ResponseStatus>");
        return issuer.issuerId + "-" + docType + "-" + docId;
    }

    record Resident(ResidentAccount account, WebClient web) {
    }
}
