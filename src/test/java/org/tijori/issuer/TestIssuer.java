package org.tijori.issuer;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

import org.tijori.WebClient;
import org.tijori.issuer.intake.IssuerRequestAuthentication;
import org.tijori.signing.SecureXml;
import org.tijori.signing.TestIssuerKeys;
import org.tijori.signing.XmlSignatures;
import org.w3c.dom.Document;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An issuer as the tests play it: its signing keys, the credentials Tijori gave it, and the requests it
 * builds, signs and authenticates as a real issuer's system would.
 */
public final class TestIssuer {

    private static final AtomicLong transactions = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    private static final java.security.SecureRandom nonces = new java.security.SecureRandom();

    /** The seconds this issuer's forms used as ts. */
    private final java.util.Set<Long> formSeconds = new java.util.HashSet<>();

    public final String issuerId;

    public final TestIssuerKeys keys;

    public String clientId;

    public String clientSecret;

    public String apiKey;

    public TestIssuer(String issuerId, TestIssuerKeys keys) {
        this.issuerId = issuerId;
        this.keys = keys;
    }

    /**
     * The documents of a list that issuers other than the national-ID authority published: linking a national ID also
     * brings its card (ADR 23), which the tests of other issuers' documents leave aside.
     */
    public static java.util.List<IssuedDocument> withoutIdCards(java.util.List<IssuedDocument> documents) {
        return documents.stream().filter(document -> !document.uri().issuer().value().equals("in.gov.uidai")).toList();
    }

    /** The JSON of a registration with one doc type, {@code docType}, and two search parameters. */
    public String registrationJson(String docType) {
        return registrationJson(docType, "https://" + issuerId + ".example.in/pull");
    }

    public String registrationJson(String docType, String pullUriUrl) {
        return """
                {"issuerId":"%s","name":"Board of %s","category":"state","contactEmail":"it@%s.example.in",
                 "pullUriUrl":"%s",
                 "signingCertificatePem":%s,
                 "docTypes":[{"code":"%s","name":"Class XII Marksheet","description":"Marks of the final examination",
                   "searchParameters":[{"paramname":"rollno","label":"Roll number","example":"1234567"},
                                       {"paramname":"year","label":"Year of passing","example":"2014"}]}]}"""
                .formatted(issuerId, issuerId, issuerId, pullUriUrl, json(keys.certificatePem()), docType);
    }

    /** The same, with the resident details ({@code UID}, {@code FullName}, {@code DOB}) the doc type's search needs. */
    public String registrationJson(String docType, String pullUriUrl, String... residentFields) {
        String fields = java.util.Arrays.stream(residentFields).map(field -> "\"" + field + "\"")
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));
        return registrationJson(docType, pullUriUrl).replace("\"searchParameters\":",
                "\"residentFields\":" + fields + ",\"searchParameters\":");
    }

    /**
     * Registers with the given registration JSON and has the bootstrap token approve the issuer, taking the
     * credentials of the answer; fails the test if either step is refused.
     */
    public TestIssuer registerAndApprove(WebClient http, String registrationJson, String bootstrapToken)
            throws Exception {
        HttpResponse<String> registered = http.postJson("/api/v1/issuers/registrations", registrationJson);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(202);
        HttpResponse<String> approved = http.post("/api/v1/admin/issuers/" + issuerId + "/approve",
                "application/json", new byte[0], "Authorization", "Bearer " + bootstrapToken);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        credentialsFrom(approved.body());
        return this;
    }

    /**
     * Publishes a signed {@code docType} document about {@code uid} (action A) to the resident named by
     * the element {@code resident}, such as {@code <Aadhaar>...</Aadhaar>} or {@code <DigiLockerId>...</DigiLockerId>};
     * fails the test unless it
     * is accepted. Returns the document's URI.
     */
    public String publish(WebClient http, String resident, String docType, String docId, String uid,
            String name) throws Exception {
        String body = pushRequest(resident, docType, docId, "A", signedCertificate(docType, docId, uid, name), now(),
                newTxn());
        HttpResponse<String> pushed = http.post("/public/issuer/issuedoc/1/xml", "application/xml",
                body.getBytes(StandardCharsets.UTF_8), "x-digilocker-hmac", hmac(body));
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
        assertThat(pushed.body()).contains("<ResponseStatus Status=\"1\" ").contains(">1</ResponseStatus>");
        return issuerId + "-" + docType + "-" + docId;
    }

    /** Takes the credentials out of an approval's JSON answer. */
    public void credentialsFrom(String approvalJson) {
        clientId = field(approvalJson, "clientId");
        clientSecret = field(approvalJson, "clientSecret");
        apiKey = field(approvalJson, "apiKey");
    }

    /** A Certificate XML about {@code uid}, signed with this issuer's key. */
    public byte[] signedCertificate(String docType, String docId, String uid, String name) {
        Document certificate = SecureXml.parse(certificateXml(docType, docId, uid, name)
                .getBytes(StandardCharsets.UTF_8), 1 << 20);
        XmlSignatures.sign(certificate, keys.privateKey(), keys.certificate());
        return SecureXml.serialize(certificate);
    }

    /** A signed marksheet with {@code subjects} subjects: about 5 KiB with 28. */
    public byte[] signedCertificate(String docType, String docId, String uid, String name, int subjects) {
        StringBuilder rows = new StringBuilder("<Subjects>");
        for (int i = 0; i < subjects; i++) {
            rows.append("<Subject name=\"SUBJECT ").append(i).append("\" code=\"").append(100 + i)
                    .append("\" marksTheory=\"70\" marksPractical=\"17\" marksTotal=\"87\" grade=\"A2\"/>");
        }
        String xml = certificateXml(docType, docId, uid, name).replace("percentage=\"88.2\"/>",
                "percentage=\"88.2\">" + rows + "</Subjects></Performance>");
        Document certificate = SecureXml.parse(xml.getBytes(StandardCharsets.UTF_8), 1 << 20);
        XmlSignatures.sign(certificate, keys.privateKey(), keys.certificate());
        return SecureXml.serialize(certificate);
    }

    /** A Certificate XML about {@code uid}, signed with RSA-SHA1 and a SHA-1 digest as a legacy signing system does. */
    public byte[] signedCertificateWithRsaSha1(String docType, String docId, String uid, String name) {
        Document certificate = SecureXml.parse(certificateXml(docType, docId, uid, name)
                .getBytes(StandardCharsets.UTF_8), 1 << 20);
        keys.signWith(certificate, null, javax.xml.crypto.dsig.DigestMethod.SHA1,
                javax.xml.crypto.dsig.SignatureMethod.RSA_SHA1, javax.xml.crypto.dsig.CanonicalizationMethod.INCLUSIVE);
        return SecureXml.serialize(certificate);
    }

    /**
     * A Certificate XML about a person named by {@code name} and {@code dob} (DD-MM-YYYY) and, unless it is
     * null, by the national ID {@code uid}, signed with this issuer's key.
     */
    public byte[] signedCertificate(String docType, String docId, String uid, String name, String dob) {
        String xml = certificateXml(docType, docId, uid == null ? "" : uid, name).replace("dob=\"14-03-1988\"",
                "dob=\"" + dob + "\"");
        if (uid == null) {
            xml = xml.replace("uid=\"\" ", "");
        }
        Document certificate = SecureXml.parse(xml.getBytes(StandardCharsets.UTF_8), 1 << 20);
        XmlSignatures.sign(certificate, keys.privateKey(), keys.certificate());
        return SecureXml.serialize(certificate);
    }

    public static String certificateXml(String docType, String docId, String uid, String name) {
        return """
                <Certificate language="99" name="Class XII Marksheet" type="%s" number="%s" issueDate="15-05-2014" \
                status="A"><IssuedBy><Organization name="Central Board of Secondary Education" code="CBSE" \
                type="CG"/></IssuedBy><IssuedTo><Person uid="%s" name="%s" dob="14-03-1988" gender="M"/></IssuedTo>\
                <CertificateData><Examination name="SENIOR SCHOOL CERTIFICATE EXAMINATION" month="MARCH" year="2014"/>\
                <Performance result="PASS" percentage="88.2"/></CertificateData></Certificate>"""
                .formatted(docType, docId, uid, name);
    }

    /** A PushUriRequest naming the resident by national ID, with a fresh ts and txn. */
    public String pushRequest(String uid, String docType, String docId, String action, byte[] certificate) {
        return pushRequest("<Aadhaar>" + uid + "</Aadhaar>", docType, docId, action, certificate, now(), newTxn());
    }

    public String pushRequest(String resident, String docType, String docId, String action, byte[] certificate,
            String ts, String txn) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <PushUriRequest ver="1.0" ts="%s" txn="%s" orgId="%s" keyhash="%s">
                  <UriDetails>
                    %s
                    <DocType>%s</DocType><DocId>%s</DocId><DocName>Class XII Marksheet</DocName>
                    <IssuedOn>15-05-2014</IssuedOn><ValidFrom>15-05-2014</ValidFrom><ValidTo/>
                    <Action>%s</Action>
                    <DataContent>%s</DataContent>
                  </UriDetails>
                </PushUriRequest>"""
                .formatted(ts, txn, issuerId, IssuerRequestAuthentication.keyhash(apiKey.getBytes(StandardCharsets.UTF_8), ts),
                        resident, docType, docId, action,
                        certificate == null ? "" : Base64.getEncoder().encodeToString(certificate));
    }

    /**
     * DigiLocker's form fields with clientid, ts and the hmac that proves them. Tijori takes each clientid, ts and
     * hmac once, so every form gets a second of its own: now, or the latest second before it not yet used.
     */
    public java.util.Map<String, String> form(java.util.Map<String, String> fields) {
        long now = java.time.Instant.now().getEpochSecond();
        long second;
        synchronized (formSeconds) {
            second = now;
            while (!formSeconds.add(second)) {
                second--;
            }
        }
        return form(fields, java.time.Instant.ofEpochSecond(second));
    }

    public java.util.Map<String, String> form(java.util.Map<String, String> fields, java.time.Instant when) {
        var form = new java.util.LinkedHashMap<>(fields);
        String ts = String.valueOf(when.getEpochSecond());
        form.put("clientid", clientId);
        form.put("ts", ts);
        form.put("hmac", IssuerRequestAuthentication.sha256Hex((clientSecret + clientId + ts).getBytes(StandardCharsets.UTF_8)));
        return form;
    }

    /**
     * The form of a status change (API.md 4.5), signed with a fresh ts and nonce: {@code hmac} is the hex
     * HMAC-SHA256, keyed by the client secret, of clientid, uri, status, reason, ts and nonce joined by newlines.
     *
     * @param reason null to leave the field out (it is signed as empty)
     */
    public java.util.Map<String, String> statusForm(String uri, String status, String reason) {
        return statusForm(uri, status, reason, String.valueOf(java.time.Instant.now().getEpochSecond()), newNonce());
    }

    public java.util.Map<String, String> statusForm(String uri, String status, String reason, String ts,
            String nonce) {
        var form = new java.util.LinkedHashMap<String, String>();
        form.put("clientid", clientId);
        form.put("uri", uri);
        form.put("status", status);
        if (reason != null) {
            form.put("reason", reason);
        }
        form.put("ts", ts);
        form.put("nonce", nonce);
        form.put("hmac", mac(clientId, uri, status, reason == null ? "" : reason, ts, nonce));
        return form;
    }

    /**
     * The headers that sign a request of the bulk API (API.md 4.5), for {@link org.tijori.WebClient}: a fresh ts
     * and nonce, and the body's SHA-256 (of nothing, for a GET) under the MAC with the method and path.
     */
    public String[] signedHeaders(String method, String path, byte[] body) {
        return signedHeaders(method, path, body, String.valueOf(java.time.Instant.now().getEpochSecond()), newNonce());
    }

    public String[] signedHeaders(String method, String path, byte[] body, String ts, String nonce) {
        String content = IssuerRequestAuthentication.sha256Hex(body == null ? new byte[0] : body);
        return new String[] { "x-tijori-clientid", clientId, "x-tijori-ts", ts, "x-tijori-nonce", nonce,
                "x-tijori-content-sha256", content, "x-tijori-hmac", mac(clientId, method, path, ts, nonce, content) };
    }

    /** Hex HMAC-SHA256 keyed by the client secret of the values joined by newlines. */
    public String mac(String... values) {
        return java.util.HexFormat.of().formatHex(IssuerRequestAuthentication.hmac(String.join("\n", values)
                .getBytes(StandardCharsets.UTF_8), clientSecret.getBytes(StandardCharsets.UTF_8)));
    }

    /** A nonce as API.md 4.5 wants it: 32 letters and digits, random. */
    public static String newNonce() {
        byte[] random = new byte[16];
        nonces.nextBytes(random);
        return java.util.HexFormat.of().formatHex(random);
    }

    /** The x-digilocker-hmac header's value for a body. */
    public String hmac(String body) {
        return Base64.getEncoder().encodeToString(IssuerRequestAuthentication.hmac(body.getBytes(StandardCharsets.UTF_8),
                clientSecret.getBytes(StandardCharsets.UTF_8)));
    }

    public static String now() {
        return OffsetDateTime.now(ZoneOffset.ofHoursMinutes(5, 30)).withNano(0)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    public static String newTxn() {
        return String.valueOf(transactions.incrementAndGet());
    }

    static String field(String json, String name) {
        var matcher = java.util.regex.Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!matcher.find()) {
            throw new AssertionError("no " + name + " in " + json);
        }
        return matcher.group(1);
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "") + "\"";
    }
}
