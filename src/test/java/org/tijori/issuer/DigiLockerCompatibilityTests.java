package org.tijori.issuer;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.identity.NationalId;
import org.tijori.identity.NationalIdLinks;
import org.tijori.signing.SecureXml;
import org.tijori.signing.TestIssuerKeys;
import org.tijori.signing.XmlSignatures;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A DigiLocker issuer's system, written from DigiLocker's published references (the partner API's
 * {@code /account/1/pushuri} and {@code /account/2/verify}, the issuer API's {@code ResponseStatus}, CBSE's
 * {@code Certificate} sample) and from what live issuers send, pointed at Tijori unchanged (issue 14, section 2).
 * The requests are built here by hand, with the JDK's digests, and not with Tijori's own helpers.
 */
@IssuerTestContext
class DigiLockerCompatibilityTests {

    static final String PUSH_URI = "/public/account/1/pushuri";

    static final String VERIFY = "/public/account/2/verify";

    static final String PUSH = "/public/issuer/issuedoc/1/xml";

    /** A valid national ID that no other test links: a document pushed to it waits, parked. */
    static final String UNLINKED = "735100442011";

    /** A person of the demo ID registry whom no other test links. */
    static final String ROHAN = "999996030824";

    static final AtomicInteger issuers = new AtomicInteger();

    static final AtomicInteger residents = new AtomicInteger();

    static final AtomicLong transactions = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    IssuedDocuments documents;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    NationalIdLinks links;

    WebClient http() {
        return new WebClient(port);
    }

    @Test
    void takesAPushUriWhoseHmacCoversEveryFieldInHexOrBase64AsLiveIssuersSendIt() throws Exception {
        TestIssuer issuer = approvedIssuer("HSCER");
        ResidentAccount resident = newResident();
        String ts = String.valueOf(Instant.now().getEpochSecond());
        Map<String, String> withValidity = fields(issuer, resident, "HSCER", "F1", "A");
        withValidity.put("validfrom", "15052014");
        withValidity.put("validto", "15052034");
        Map<String, String> hexForm = signEveryField(issuer, withValidity, ts, false);
        Map<String, String> base64Form = signEveryField(issuer, fields(issuer, resident, "HSCER", "F2", "A"), ts, true);

        HttpResponse<String> hex = multipart(PUSH_URI, hexForm);
        HttpResponse<String> base64 = multipart(PUSH_URI, base64Form);

        assertThat(hex.statusCode()).as(hex.body()).isEqualTo(200);
        assertThat(base64.statusCode()).as("a second push in the same second, its own hash: " + base64.body())
                .isEqualTo(200);
        assertThat(TestIssuer.withoutIdCards(documents.deliveredTo(resident.id())))
                .extracting(document -> document.uri().toString())
                .containsExactlyInAnyOrder(issuer.issuerId + "-HSCER-F1", issuer.issuerId + "-HSCER-F2");
        Map<String, String> deleting = new LinkedHashMap<>(hexForm);
        deleting.put("action", "D");
        HttpResponse<String> replayed = multipart(PUSH_URI, hexForm);
        HttpResponse<String> altered = multipart(PUSH_URI, deleting);
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(400);
        assertThat(replayed.body()).contains("\"error\":\"replayed_request\"");
        assertThat(altered.statusCode()).as(altered.body()).isEqualTo(400);
        assertThat(altered.body()).contains("\"error\":\"invalid_parameter\"", "HMAC parameter is missing or invalid");
        assertThat(TestIssuer.withoutIdCards(documents.deliveredTo(resident.id()))).hasSize(2);
    }

    @Test
    void takesTheReferenceFormulaInBase64AndSpendsTheHashWhicheverEncodingCarriedIt() throws Exception {
        TestIssuer issuer = approvedIssuer("HSCER");
        ResidentAccount resident = newResident();
        String pushTs = String.valueOf(Instant.now().getEpochSecond());
        Map<String, String> push = fields(issuer, resident, "HSCER", "B1", "A");
        push.putAll(reference(issuer, pushTs, true));
        Map<String, String> verify = new LinkedHashMap<>(Map.of("mobile", resident.mobile().value()));
        verify.putAll(reference(issuer, String.valueOf(Long.parseLong(pushTs) - 1), true));

        HttpResponse<String> pushed = multipart(PUSH_URI, push);
        HttpResponse<String> verified = multipart(VERIFY, verify);

        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        assertThat(verified.body()).contains("\"registered\":\"true\"", resident.lockerId().toString());
        Map<String, String> sameHashInHex = new LinkedHashMap<>(verify);
        sameHashInHex.put("hmac", HexFormat.of().formatHex(Base64.getDecoder().decode(verify.get("hmac"))));
        HttpResponse<String> again = multipart(VERIFY, sameHashInHex);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(400);
        assertThat(again.body()).contains("\"error\":\"replayed_request\"");
    }

    @Test
    void answersADuplicateUriAsDigiLockersReferenceDoesAndLeavesTheDocumentWhereItWas() throws Exception {
        TestIssuer issuer = approvedIssuer("HSCER");
        ResidentAccount resident = newResident();
        ResidentAccount someoneElse = newResident();
        long now = Instant.now().getEpochSecond();
        Map<String, String> push = fields(issuer, resident, "HSCER", "D1", "A");
        push.putAll(reference(issuer, String.valueOf(now), false));
        HttpResponse<String> first = multipart(PUSH_URI, push);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);

        Map<String, String> pushAgain = fields(issuer, resident, "HSCER", "D1", "A");
        pushAgain.putAll(reference(issuer, String.valueOf(now - 1), false));
        Map<String, String> pushElsewhere = fields(issuer, someoneElse, "HSCER", "D1", "A");
        pushElsewhere.putAll(reference(issuer, String.valueOf(now - 2), false));
        HttpResponse<String> again = multipart(PUSH_URI, pushAgain);
        HttpResponse<String> elsewhere = multipart(PUSH_URI, pushElsewhere);

        assertThat(again.statusCode()).as(again.body()).isEqualTo(400);
        assertThat(again.body()).contains("\"error\":\"invalid_parameter\"",
                "\"error_description\":\"URI already exists in this account");
        assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(400);
        assertThat(elsewhere.body()).contains("\"error\":\"invalid_parameter\"",
                "\"error_description\":\"URI already exists in another account");
        assertThat(documents.versions(DocumentUri.parse(issuer.issuerId + "-HSCER-D1")))
                .extracting(IssuedDocument::version).containsExactly(1);
        assertThat(TestIssuer.withoutIdCards(documents.deliveredTo(resident.id()))).hasSize(1);
        assertThat(TestIssuer.withoutIdCards(documents.deliveredTo(someoneElse.id()))).isEmpty();
    }

    @Test
    void takesAPushByNationalIdThatStatesItsUriAndAnswersAsDigiLockerDoes() throws Exception {
        TestIssuer issuer = approvedIssuer("HSCER");
        String uri = issuer.issuerId + "-HSCER-2014123456";
        String ts = istNow();
        String txn = String.valueOf(transactions.incrementAndGet());
        String body = pushRequest(issuer, ts, txn, "<Uri>" + uri + "</Uri>", "HSCER", "2014123456",
                signed(issuer, TestIssuer.certificateXml("HSCER", "2014123456", UNLINKED, "Anand Kumar")));

        HttpResponse<String> pushed = xmlPush(issuer, body);

        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
        Element answer = SecureXml.parse(pushed.body().getBytes(StandardCharsets.UTF_8), 1 << 16).getDocumentElement();
        Element status = (Element) answer.getElementsByTagName("ResponseStatus").item(0);
        assertThat(status.getAttribute("Status")).isEqualTo("1");
        assertThat(status.getAttribute("ts")).isEqualTo(ts);
        assertThat(status.getAttribute("txn")).isEqualTo(txn);
        assertThat(status.getTextContent()).isEqualTo("1");
        assertThat(answer.getElementsByTagName("URI").item(0).getTextContent()).isEqualTo(uri);
        assertThat(documents.versions(DocumentUri.parse(uri))).hasSize(1);
    }

    @Test
    void refusesAPushWhoseUriIsNotTheOneItsDocTypeAndDocIdMakeAndKeepsNothing() throws Exception {
        TestIssuer issuer = approvedIssuer("HSCER");
        byte[] certificate = signed(issuer, TestIssuer.certificateXml("HSCER", "U1", UNLINKED, "Anand Kumar"));

        for (String stated : new String[] { issuer.issuerId + "-HSCER-U2", "in.gov.someoneelse-HSCER-U1",
                issuer.issuerId + "-SSCER-U1" }) {
            HttpResponse<String> refused = xmlPush(issuer, pushRequest(issuer, istNow(),
                    String.valueOf(transactions.incrementAndGet()), "<Uri>" + stated + "</Uri>", "HSCER", "U1",
                    certificate));
            assertThat(refused.statusCode()).as(stated + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("Status=\"0\"", "code=\"invalid_parameter\"", "Uri " + stated,
                    issuer.issuerId + "-HSCER-U1");
        }
        assertThat(jdbc.sql("select count(*) from issuer_document where issuer_id = ?").param(issuer.issuerId)
                .query(Long.class).single()).isZero();
    }

    @Test
    void takesCbsesSampleCertificateWhoseNumberIsNotTheDocIdButStillChecksWhatTiesItToTheDocument()
            throws Exception {
        TestIssuer issuer = approvedIssuer("SSCER");
        ResidentAccount resident = newResident();
        String docId = "201412345678";

        HttpResponse<String> byNationalId = xmlPush(issuer, pushRequest(issuer, istNow(),
                String.valueOf(transactions.incrementAndGet()), "", "SSCER", docId,
                signed(issuer, cbseSample(UNLINKED))));
        Map<String, String> byLocker = fields(issuer, resident, "SSCER", docId + "9", "A");
        byLocker.put("datacontent", Base64.getEncoder().encodeToString(signed(issuer, cbseSample(""))));
        HttpResponse<String> pushedByLocker = multipart(PUSH_URI, signEveryField(issuer, byLocker,
                String.valueOf(Instant.now().getEpochSecond()), false));

        assertThat(byNationalId.statusCode()).as(byNationalId.body()).isEqualTo(200);
        assertThat(byNationalId.body()).contains("<URI>" + issuer.issuerId + "-SSCER-" + docId + "</URI>");
        assertThat(pushedByLocker.statusCode()).as(pushedByLocker.body()).isEqualTo(200);
        assertThat(TestIssuer.withoutIdCards(documents.deliveredTo(resident.id()))).singleElement()
                .satisfies(document -> assertThat(document.signer()).contains("CN=CBSE"));

        String otherType = cbseSample(UNLINKED).replace("type=\"SSCER\"", "type=\"HSCER\"");
        String otherPerson = cbseSample("999941057058");
        byte[] tampered = signed(issuer, cbseSample(UNLINKED));
        tampered = new String(tampered, StandardCharsets.UTF_8).replace("1100044", "1100045")
                .getBytes(StandardCharsets.UTF_8);
        Map<byte[], String> refusals = new LinkedHashMap<>();
        refusals.put(signed(issuer, otherType), "is not the DocType");
        refusals.put(signed(issuer, otherPerson), "another national ID");
        refusals.put(tampered, "invalid_signature");
        int n = 0;
        for (Map.Entry<byte[], String> refusal : refusals.entrySet()) {
            HttpResponse<String> refused = xmlPush(issuer, pushRequest(issuer, istNow(),
                    String.valueOf(transactions.incrementAndGet()), "", "SSCER", "R" + n++, refusal.getKey()));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("Status=\"0\"", refusal.getValue());
        }
    }

    @Test
    void takesAMetadataOnlyPushByNationalIdAndDrawsTheDocumentForTheResidentAsForAUriPushedWithoutContent()
            throws Exception {
        TestIssuer issuer = approvedIssuer("SSCER");
        String uri = issuer.issuerId + "-SSCER-MO2014001";
        String ts = istNow();
        String txn = String.valueOf(transactions.incrementAndGet());
        // DigiLocker's push URI by Aadhaar: the document's metadata only, no DataContent; the issuer keeps the
        // certificate itself.
        String body = """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <PushUriRequest ver="1.0" ts="%s" txn="%s" orgId="%s" keyhash="%s">
                  <UriDetails>
                    <Aadhaar>%s</Aadhaar>
                    <DocType>SSCER</DocType><DocId>MO2014001</DocId><Uri>%s</Uri>
                    <DocName>Secondary School Certificate</DocName>
                    <IssuedOn>15-05-2014</IssuedOn><ValidFrom>15-05-2014</ValidFrom><ValidTo/>
                    <Action>A</Action>
                  </UriDetails>
                </PushUriRequest>"""
                .formatted(ts, txn, issuer.issuerId, HexFormat.of().formatHex(sha256(issuer.apiKey + ts)), ROHAN, uri);

        HttpResponse<String> pushed = xmlPush(issuer, body);

        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
        assertThat(pushed.body()).contains("<ResponseStatus Status=\"1\" ts=\"" + ts + "\" txn=\"" + txn
                + "\">1</ResponseStatus>", "<URI>" + uri + "</URI>");
        ResidentAccount resident = newResident();
        var request = links.requestLink(resident.id(), new NationalId(ROHAN));
        links.link(resident.id(), request.token());
        await().untilAsserted(() -> assertThat(TestIssuer.withoutIdCards(documents.deliveredTo(resident.id())))
                .singleElement()
                .satisfies(document -> {
                    assertThat(document.uri()).hasToString(uri);
                    assertThat(document.docName()).isEqualTo("Secondary School Certificate");
                    assertThat(document.issuedOn()).hasToString("2014-05-15");
                    assertThat(document.signer()).as("nothing was signed").isNull();
                }));
        try (var pdf = documents.openPdf(resident.id(), DocumentUri.parse(uri)).orElseThrow();
                var drawn = org.apache.pdfbox.Loader.loadPDF(pdf.readAllBytes())) {
            assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(drawn))
                    .contains("Secondary School Certificate", "MO2014001", "Verify this document");
        }

        String again = body.replace("txn=\"" + txn + "\"", "txn=\"" + transactions.incrementAndGet() + "\"");
        assertThat(xmlPush(issuer, again).body()).as("the same rules as any push").contains("code=\"uri_exists\"");
    }

    /**
     * CBSE's {@code Certificate} as the API Setu reference gives it: type SSCER, number 1100044 (not the
     * document's ID), blank issue dates, the person named and described.
     */
    private static String cbseSample(String uid) {
        return """
                <Certificate language="99" name="Secondary School Certificate" type="SSCER" number="1100044" \
                issuedAt="" issueDate=" " validFromDate=" " status="A"><IssuedBy><Organization \
                name="Central Board of Secondary Education" code="" tin="" uid="" type="CG"><Address type="" line1="" \
                line2="" house="" landmark="" locality="" vtc="" district="" pin="" state="" country="IN"/>\
                </Organization></IssuedBy><IssuedTo><Person uid="%s" title="" name="ANAND KUMAR" dob="01-10-1988" \
                swd="PRAMOD KUMAR" swdIndicator="S" motherName="SUNITA DEVI" gender="M" maritalStatus="" \
                disabilityStatus="" category="SC" religion="" phone="" email=""><Address type="permanent" line1="" \
                line2="" house="" landmark="" locality="" vtc="" district="" pin="" state="" country="IN"/><Photo \
                format=""/></Person></IssuedTo><CertificateData><Examination \
                name="SENION SCHOOL CERTIFICATE EXAMINATION" month="MARCH" year="2019"/><School \
                name="DELHI PUBLIC SCHOOL GURGAON" code="20020"/><Performance result="PASS" updateDate="02-05-2019" \
                cgpa="" cgpaMax=""/></CertificateData></Certificate>""".formatted(uid);
    }

    /** DigiLocker's pushuri fields, without the credential. */
    private static Map<String, String> fields(TestIssuer issuer, ResidentAccount resident, String docType,
            String docId, String action) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("digilockerid", resident.lockerId().toString());
        fields.put("uri", issuer.issuerId + "-" + docType + "-" + docId);
        fields.put("doctype", docType);
        fields.put("description", "Class XII Marksheet");
        fields.put("docid", docId);
        fields.put("issuedate", "15052014");
        fields.put("action", action);
        return fields;
    }

    /**
     * The form as live issuers sign it: SHA-256 of the client secret, clientid, digilockerid, uri, doctype,
     * description, docid, issuedate, validfrom and validto when sent, action and ts, concatenated.
     */
    private static Map<String, String> signEveryField(TestIssuer issuer, Map<String, String> fields, String ts,
            boolean base64) throws Exception {
        Map<String, String> form = new LinkedHashMap<>(fields);
        form.put("clientid", issuer.clientId);
        form.put("ts", ts);
        StringBuilder signed = new StringBuilder(issuer.clientSecret).append(issuer.clientId);
        for (String name : new String[] { "digilockerid", "uri", "doctype", "description", "docid", "issuedate",
                "validfrom", "validto", "action" }) {
            signed.append(fields.getOrDefault(name, ""));
        }
        form.put("hmac", encode(sha256(signed.append(ts).toString()), base64));
        return form;
    }

    /** The partner API reference's credential: SHA-256 of the client secret, clientid and ts. */
    private static Map<String, String> reference(TestIssuer issuer, String ts, boolean base64) throws Exception {
        return Map.of("clientid", issuer.clientId, "ts", ts,
                "hmac", encode(sha256(issuer.clientSecret + issuer.clientId + ts), base64));
    }

    private static byte[] sha256(String text) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(byte[] hash, boolean base64) {
        return base64 ? Base64.getEncoder().encodeToString(hash) : HexFormat.of().formatHex(hash);
    }

    /** A PushUriRequest naming the resident by national ID, with {@code extra} elements in UriDetails. */
    private static String pushRequest(TestIssuer issuer, String ts, String txn, String extra, String docType,
            String docId, byte[] certificate) throws Exception {
        String keyhash = HexFormat.of().formatHex(sha256(issuer.apiKey + ts));
        return """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <PushUriRequest ver="1.0" ts="%s" txn="%s" orgId="%s" keyhash="%s">
                  <UriDetails>
                    <Aadhaar>%s</Aadhaar>%s
                    <DocType>%s</DocType><DocId>%s</DocId><DocName>Secondary School Certificate</DocName>
                    <IssuedOn>15-05-2014</IssuedOn><ValidFrom>15-05-2014</ValidFrom><ValidTo/>
                    <Action>A</Action>
                    <DataContent>%s</DataContent>
                  </UriDetails>
                </PushUriRequest>"""
                .formatted(ts, txn, issuer.issuerId, keyhash, UNLINKED, extra, docType, docId,
                        Base64.getEncoder().encodeToString(certificate));
    }

    /** Sends a push with {@code x-digilocker-hmac}: Base64 of HMAC-SHA256 over the body, keyed by the secret. */
    private HttpResponse<String> xmlPush(TestIssuer issuer, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(issuer.clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return http().post(PUSH, "application/xml", bytes, "x-digilocker-hmac",
                Base64.getEncoder().encodeToString(mac.doFinal(bytes)));
    }

    /** A multipart/form-data POST of text fields only, as the partner API reference sends its forms. */
    private HttpResponse<String> multipart(String path, Map<String, String> fields) throws Exception {
        String boundary = "----digilocker" + Long.toHexString(System.nanoTime());
        var body = new ByteArrayOutputStream();
        for (var field : fields.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                    + "\"\r\n\r\n" + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http().post(path, "multipart/form-data; boundary=" + boundary, body.toByteArray());
    }

    private static byte[] signed(TestIssuer issuer, String certificateXml) {
        Document certificate = SecureXml.parse(certificateXml.getBytes(StandardCharsets.UTF_8), 1 << 20);
        XmlSignatures.sign(certificate, issuer.keys.privateKey(), issuer.keys.certificate());
        return SecureXml.serialize(certificate);
    }

    private static String istNow() {
        return OffsetDateTime.now(ZoneOffset.ofHoursMinutes(5, 30)).withNano(0)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private TestIssuer approvedIssuer(String docType) throws Exception {
        TestIssuer issuer = new TestIssuer("in.gov.cbsecompat" + issuers.incrementAndGet(),
                TestIssuerKeys.generate("CBSE"));
        return issuer.registerAndApprove(http(), issuer.registrationJson(docType), IssuerPushTests.TOKEN);
    }

    private ResidentAccount newResident() {
        int n = residents.incrementAndGet();
        return accounts.signUp(new MobileNumber(String.valueOf(7_500_000_000L + n)), "compatible" + n,
                "a long and unusual phrase");
    }
}
