package org.tijori.issuer;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tijori.WebClient;
import org.tijori.account.AccountId;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.identity.NationalId;
import org.tijori.identity.NationalIdLinks;
import org.tijori.identity.TestRegistry;
import org.tijori.issuer.idcard.CardBackfill;
import org.tijori.issuer.idcard.NationalIdCards;
import org.tijori.signing.SecureXml;
import org.tijori.signing.TestIssuerKeys;
import org.tijori.signing.SignatureCheck;
import org.tijori.signing.XmlSignatures;
import org.tijori.storage.SealedValues;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The national-ID card as an issued document (ADR 23, slice S4): linking a national ID puts a card from the ID
 * authority among the resident's issued documents, signed with the authority's registered certificate, drawn with
 * the photo, verifiable like any document, and with the number masked everywhere; unlinking withdraws it; residents
 * who linked before get theirs from the start-up backfill; and the same card answers as UIDAI's e-KYC XML.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "tijori.admin.bootstrap-token=" + NationalIdCardTests.TOKEN)
@ExtendWith(OutputCaptureExtension.class)
class NationalIdCardTests {

    static final String TOKEN = "id-card-tests-bootstrap-token-0123456789";

    static final String AUTHORITY = "in.gov.uidai";

    static final String PASSWORD = "a long and unusual phrase";

    static final byte[] PHOTO = TestPhotos.portrait(120, 150, false);

    /** People 0 to 11 have {@link #PHOTO}; the next ones a hostile photo, a photo too large, and none. */
    static final int WITH_PHOTO = 12;

    static final int HOSTILE_PHOTO = 12;

    static final int LARGE_PHOTO = 13;

    static final int NO_PHOTO = 14;

    static final List<String> uids = new ArrayList<>();

    static final AtomicInteger nextPerson = new AtomicInteger();

    static final AtomicLong residentNumbers = new AtomicLong(7_400_000_000L + (System.nanoTime() % 1_000_000) * 100);

    static final JsonMapper json = JsonMapper.builder().build();

    @DynamicPropertySource
    static void registry(DynamicPropertyRegistry registry) throws Exception {
        Map<Integer, byte[]> photos = new HashMap<>();
        for (int i = 0; i < WITH_PHOTO; i++) {
            photos.put(i, PHOTO);
        }
        photos.put(HOSTILE_PHOTO, TestPhotos.claiming(PHOTO, 60_000, 60_000));
        photos.put(LARGE_PHOTO, TestPhotos.noise(300, 300));
        TestRegistry people = TestRegistry.write(NO_PHOTO + 1, System.nanoTime(), photos);
        uids.addAll(people.uids());
        registry.add("tijori.identity.registry-file", people.file()::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    NationalIdLinks nationalIds;

    @Autowired
    IssuedDocuments documents;

    @Autowired
    HeldDocuments held;

    @Autowired
    NationalIdCards cards;

    @Autowired
    CardBackfill backfill;

    @Autowired
    LockProvider locks;

    @Autowired
    SealedValues sealed;

    @Autowired
    JdbcClient jdbc;

    ResidentAccount resident() {
        long mobile = residentNumbers.incrementAndGet();
        return accounts.signUp(new MobileNumber(String.valueOf(mobile)), "card" + mobile, PASSWORD);
    }

    /** The next person of the registry who has the good photo. */
    static int person() {
        int person = nextPerson.getAndIncrement();
        assertThat(person).as("people with a photo left").isLessThan(WITH_PHOTO);
        return person;
    }

    void link(AccountId account, int person) {
        NationalIdLinks.LinkRequest request = nationalIds.requestLink(account, new NationalId(uids.get(person)));
        nationalIds.link(account, request.token());
    }

    /** The card in the resident's issued documents, once the link's event has been handled. */
    DocumentUri awaitCard(AccountId account) {
        await().atMost(Duration.ofSeconds(30)).until(() -> card(account).isPresent());
        return card(account).orElseThrow();
    }

    Optional<DocumentUri> card(AccountId account) {
        return documents.deliveredTo(account).stream().map(IssuedDocument::uri)
                .filter(uri -> uri.issuer().value().equals(AUTHORITY)).findFirst();
    }

    byte[] xml(AccountId account, DocumentUri uri) throws Exception {
        try (InputStream in = documents.openXml(account, uri).orElseThrow()) {
            return in.readAllBytes();
        }
    }

    byte[] pdf(AccountId account, DocumentUri uri) throws Exception {
        try (InputStream in = documents.openPdf(account, uri).orElseThrow()) {
            return in.readAllBytes();
        }
    }

    /** The certificate the authority registered, as verification reads it: the only one it trusts. */
    X509Certificate registeredCertificate() throws Exception {
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

    static String dob(int person) {
        return String.format("%02d-01-1990", person % 28 + 1);
    }

    @Test
    void linkingPutsACardFromTheAuthoritySignedWithItsRegisteredCertificateAmongTheIssuedDocuments(
            CapturedOutput output) throws Exception {
        ResidentAccount resident = resident();
        int person = person();
        String uid = uids.get(person);

        link(resident.id(), person);
        DocumentUri uri = awaitCard(resident.id());

        assertThat(uri.toString()).matches("in\\.gov\\.uidai-ADHAR-[0-9a-f]{20}");
        HeldDocument listed = held.find(resident.id(), uri).orElseThrow();
        assertThat(listed.issuerName()).isEqualTo("National ID authority");
        assertThat(listed.docName()).isEqualTo("National ID card");
        assertThat(listed.status()).isEqualTo(DocumentStatus.ACTIVE);
        assertThat(cards.holds(resident.id())).isTrue();

        byte[] xml = xml(resident.id(), uri);
        Document card = SecureXml.parse(xml, 1 << 20);
        assertThat(XmlSignatures.verify(card, List.of(registeredCertificate())))
                .isInstanceOf(SignatureCheck.Valid.class);
        Element root = card.getDocumentElement();
        assertThat(root.getAttribute("type")).isEqualTo("ADHAR");
        assertThat(root.getAttribute("number")).isEqualTo("XXXXXXXX" + uid.substring(8));
        Element holder = child(child(root, "IssuedTo"), "Person");
        assertThat(holder.getAttribute("uid")).isEqualTo("XXXXXXXX" + uid.substring(8));
        assertThat(holder.getAttribute("name")).isEqualTo("Person " + person);
        assertThat(holder.getAttribute("dob")).isEqualTo(dob(person));
        assertThat(holder.getAttribute("gender")).isEqualTo("F");
        assertThat(child(holder, "Photo").getAttribute("format")).isEqualTo("jpeg");
        assertThat(Base64.getDecoder().decode(child(holder, "Photo").getTextContent())).isEqualTo(PHOTO);
        assertThat(new String(xml, StandardCharsets.UTF_8)).doesNotContain(uid);

        // The resident's activity says a document arrived, and neither it nor the log holds the number.
        await().untilAsserted(() -> assertThat(jdbc.sql("""
                select count(*) from audit_entry where action = 'issuer.DocumentDelivered' and details like ?""")
                .param("%" + uri + "%").query(Long.class).single()).isOne());
        assertThat(jdbc.sql("select count(*) from audit_entry where details like ? or subject like ?")
                .params("%" + uid + "%", "%" + uid + "%").query(Long.class).single()).isZero();
        assertThat(output.getAll()).doesNotContain(uid);
    }

    @Test
    void theCardsPdfShowsThePhotoAndOnlyTheLastFourDigits() throws Exception {
        ResidentAccount resident = resident();
        int person = person();
        String uid = uids.get(person);
        link(resident.id(), person);
        DocumentUri uri = awaitCard(resident.id());
        WebClient web = new WebClient(port);
        web.signIn(resident.username(), PASSWORD);

        HttpResponse<byte[]> answer = web.getBytes("/locker/issued/" + uri + "/pdf");

        assertThat(answer.statusCode()).isEqualTo(200);
        try (PDDocument pdf = Loader.loadPDF(answer.body())) {
            List<PDImageXObject> images = images(pdf.getPage(0));
            assertThat(images).hasSize(1);
            assertThat(images.get(0).getWidth()).isEqualTo(120);
            assertThat(images.get(0).getHeight()).isEqualTo(150);
            assertThat(images.get(0).getCOSObject().getItem(COSName.FILTER)).isEqualTo(COSName.DCT_DECODE);
            try (InputStream raw = images.get(0).getCOSObject().createRawInputStream()) {
                assertThat(raw.readAllBytes()).isEqualTo(PHOTO);
            }
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text).contains("National ID authority", "National ID card", "Person " + person,
                    "XXXX XXXX " + uid.substring(8));
            assertThat(text.replace(" ", "")).doesNotContain(uid);
            assertThat(pdf.getDocumentInformation().getCOSObject().toString()).doesNotContain(uid);
        }
    }

    @Test
    void anIssuedCardIsVerifiedLikeAnyIssuedDocument() throws Exception {
        ResidentAccount resident = resident();
        int person = person();
        link(resident.id(), person);
        DocumentUri uri = awaitCard(resident.id());
        String link = documents.verificationLink(resident.id(), uri).orElseThrow();

        HttpResponse<String> scanned = new WebClient(port).get("/api/v1" + link.substring(link.indexOf("/verify/")));

        assertThat(scanned.statusCode()).as(scanned.body()).isEqualTo(200);
        JsonNode report = json.readTree(scanned.body());
        assertThat(report.get("uri").asString()).isEqualTo(uri.toString());
        assertThat(report.get("issuer").get("id").asString()).isEqualTo(AUTHORITY);
        assertThat(report.get("issuer").get("name").asString()).isEqualTo("National ID authority");
        assertThat(report.get("docType").get("code").asString()).isEqualTo("ADHAR");
        assertThat(report.get("holder").asString()).isEqualTo("Person " + person);
        assertThat(report.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(report.get("proofValid").asBoolean()).isTrue();

        HttpResponse<String> uploaded = new WebClient(port).postMultipart("/api/v1/verify", Map.of(), "file",
                "card.xml", xml(resident.id(), uri), "X-Forwarded-For", "198.51.100.77");

        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
        JsonNode checked = json.readTree(uploaded.body());
        assertThat(checked.get("held").asBoolean()).isTrue();
        assertThat(checked.get("signatureValid").asBoolean()).isTrue();
        assertThat(checked.get("issuer").get("id").asString()).isEqualTo(AUTHORITY);
        assertThat(checked.get("status").asString()).isEqualTo("ACTIVE");
    }

    @Test
    void unlinkingWithdrawsTheCardAndTheNumberTakesItsCardToTheNextLocker() throws Exception {
        ResidentAccount first = resident();
        int person = person();
        link(first.id(), person);
        DocumentUri uri = awaitCard(first.id());

        nationalIds.unlink(first.id());

        await().atMost(Duration.ofSeconds(30)).until(() -> card(first.id()).isEmpty());
        assertThat(cards.holds(first.id())).isFalse();
        assertThat(documents.versions(uri)).extracting(IssuedDocument::status).containsExactly(DocumentStatus.DELETED);
        assertThat(cards.kycXml(first.id())).isEmpty();

        ResidentAccount next = resident();
        link(next.id(), person);

        assertThat(awaitCard(next.id())).as("one URI per national ID").isEqualTo(uri);
        assertThat(documents.versions(uri)).extracting(IssuedDocument::version, IssuedDocument::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, DocumentStatus.ACTIVE),
                        org.assertj.core.groups.Tuple.tuple(1, DocumentStatus.DELETED));
        assertThat(card(first.id())).isEmpty();
    }

    @Test
    void residentsWhoLinkedBeforeCardsExistedGetTheirsFromTheBackfillWhichOneNodeRunsAtATime() throws Exception {
        // Whatever the start-up backfill is doing, wait for it, then be "another node" that holds its lock.
        SimpleLock otherNode = await().atMost(Duration.ofSeconds(60)).until(() -> locks.lock(new LockConfiguration(
                Instant.now(), "issuer-id-cards", Duration.ofMinutes(5), Duration.ZERO)), Optional::isPresent)
                .orElseThrow();
        ResidentAccount earlier = resident();
        int person = person();
        linkedBeforeCards(earlier.id(), person);

        assertThat(backfill.runLocked()).as("another node runs it").isEqualTo(-1);
        assertThat(cards.holds(earlier.id())).isFalse();

        otherNode.unlock();
        assertThat(backfill.runLocked()).isGreaterThanOrEqualTo(1);

        DocumentUri uri = card(earlier.id()).orElseThrow();
        assertThat(held(earlier.id(), uri).getAttribute("name")).isEqualTo("Person " + person);
        assertThat(backfill.runLocked()).isNotNegative();
        assertThat(documents.versions(uri)).as("issued once").hasSize(1);
    }

    @Test
    void theKycXmlIsTheHeldCardSignedWithTheAuthoritysKey() throws Exception {
        ResidentAccount resident = resident();
        int person = person();
        String uid = uids.get(person);
        link(resident.id(), person);
        DocumentUri uri = awaitCard(resident.id());

        byte[] kyc = cards.kycXml(resident.id()).orElseThrow();

        assertThat(new String(kyc, StandardCharsets.UTF_8)).doesNotContain(uid);
        Document answer = SecureXml.parse(kyc, 4 << 20);
        assertThat(XmlSignatures.verify(answer, List.of(registeredCertificate())))
                .isInstanceOf(SignatureCheck.Valid.class);
        Element root = answer.getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("KycRes");
        assertThat(root.getAttribute("ret")).isEqualTo("Y");
        assertThat(root.getAttribute("code")).matches("[0-9a-f]{32}");
        assertThat(root.getAttribute("txn")).isNotBlank();
        OffsetDateTime ts = OffsetDateTime.parse(root.getAttribute("ts"));
        assertThat(ts.toInstant()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
        assertThat(OffsetDateTime.parse(root.getAttribute("ttl"))).isEqualTo(ts.plusDays(1));
        assertThat(ts.getOffset()).isEqualTo(ZoneOffset.ofHoursMinutes(5, 30));
        Element data = child(root, "UidData");
        assertThat(data.getAttribute("uid")).isEqualTo("XXXXXXXX" + uid.substring(8));
        assertThat(data.getAttribute("tkn")).isEqualTo(uri.docId());
        Element poi = child(data, "Poi");
        assertThat(poi.getAttribute("name")).isEqualTo("Person " + person);
        assertThat(poi.getAttribute("dob")).isEqualTo(dob(person));
        assertThat(poi.getAttribute("gender")).isEqualTo("F");
        Element poa = child(data, "Poa");
        assertThat(poa.getAttributes().getLength()).isEqualTo(12);
        for (int i = 0; i < poa.getAttributes().getLength(); i++) {
            assertThat(poa.getAttributes().item(i).getNodeValue()).isEmpty();
        }
        assertThat(child(data, "LData")).isNotNull();
        assertThat(Base64.getDecoder().decode(child(data, "Pht").getTextContent())).isEqualTo(PHOTO);
        assertThat(child(data, "Prn").getAttribute("type")).isEqualTo("pdf");
        assertThat(Base64.getDecoder().decode(child(data, "Prn").getTextContent()))
                .isEqualTo(pdf(resident.id(), uri));
        assertThat(Base64.getDecoder().decode(child(root, "Rar").getTextContent()))
                .isEqualTo(xml(resident.id(), uri));

        child(data, "Poi").setAttribute("name", "Someone Else");
        assertThat(XmlSignatures.verify(answer, List.of(registeredCertificate())))
                .as("the signature covers the answer").isInstanceOf(SignatureCheck.Invalid.class);
        assertThat(cards.kycXml(resident().id())).as("no national ID linked").isEmpty();
    }

    @Test
    void aPhotoThatCannotBePrintedSafelyNeverReachesTheCard(CapturedOutput output) throws Exception {
        for (int person : new int[] { HOSTILE_PHOTO, LARGE_PHOTO, NO_PHOTO }) {
            ResidentAccount resident = resident();
            link(resident.id(), person);
            DocumentUri uri = awaitCard(resident.id());

            Element holder = held(resident.id(), uri);
            assertThat(holder.getAttribute("name")).isEqualTo("Person " + person);
            assertThat(child(holder, "Photo")).as("person %d", person).isNull();
            try (PDDocument pdf = Loader.loadPDF(pdf(resident.id(), uri))) {
                assertThat(images(pdf.getPage(0))).isEmpty();
                assertThat(new PDFTextStripper().getText(pdf)).contains("Person " + person);
            }
            Document kyc = SecureXml.parse(cards.kycXml(resident.id()).orElseThrow(), 4 << 20);
            assertThat(child(child(kyc.getDocumentElement(), "UidData"), "Pht").getTextContent()).isEmpty();
        }
        assertThat(output.getAll()).contains("issued without the photo the ID authority holds: the photo claims to be "
                + "60000 x 60000 pixels", "issued without the photo the ID authority holds: the photo is larger than 64 KiB");
        assertThat(output.getAll()).doesNotContain(uids.get(HOSTILE_PHOTO), uids.get(LARGE_PHOTO));
    }

    @Test
    void nobodyRegistersTheAuthoritysIssuerIdOrAdministersIt() throws Exception {
        WebClient web = new WebClient(port);
        TestIssuer impostor = new TestIssuer(AUTHORITY, TestIssuerKeys.generate("Impostor"));

        HttpResponse<String> registered = web.postJson("/api/v1/issuers/registrations",
                impostor.registrationJson("ADHAR"));

        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(409);
        for (String action : List.of("credentials", "suspend", "approve", "reject")) {
            HttpResponse<String> answer = web.post("/api/v1/admin/issuers/" + AUTHORITY + "/" + action,
                    "application/json", new byte[0], "Authorization", "Bearer " + TOKEN);
            assertThat(answer.statusCode()).as(action + ": " + answer.body()).isEqualTo(409);
            assertThat(answer.body()).contains("built into Tijori");
        }
        HttpResponse<String> replaced = web.postJson("/api/v1/admin/issuers/" + AUTHORITY + "/certificates",
                json.writeValueAsString(Map.of("signingCertificatePem", impostor.keys.certificatePem())),
                "Authorization", "Bearer " + TOKEN);
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(409);
        assertThat(jdbc.sql("""
                select status = 'APPROVED' and client_id is null and api_key_sealed is null
                       and (select count(*) from issuer_certificate c where c.issuer_id = i.issuer_id) = 1
                from issuer_issuer i where issuer_id = ?""").param(AUTHORITY).query(Boolean.class).single()).isTrue();
    }

    /** The card's {@code IssuedTo/Person}, as held. */
    Element held(AccountId account, DocumentUri uri) throws Exception {
        Element root = SecureXml.parse(xml(account, uri), 1 << 20).getDocumentElement();
        return child(child(root, "IssuedTo"), "Person");
    }

    /** A national ID linked as it was before cards existed: the row alone, no event. */
    void linkedBeforeCards(AccountId account, int person) {
        NationalId uid = new NationalId(uids.get(person));
        jdbc.sql("""
                insert into identity_national_id (account_id, uid_fingerprint, uid_sealed, last_four, name, dob, gender,
                                                  linked_at)
                values (?, ?, ?, ?, ?, ?, 'F', ?)""")
                .params(account.value(), nationalIds.fingerprint(uid),
                        sealed.seal(uid.value().getBytes(StandardCharsets.US_ASCII), NationalIdLinks.CONTEXT),
                        uid.lastFour(), "Person " + person, LocalDate.parse(dob(person),
                                java.time.format.DateTimeFormatter.ofPattern("dd-MM-uuuu")),
                        OffsetDateTime.now(ZoneOffset.UTC).minusYears(1))
                .update();
    }

    static List<PDImageXObject> images(PDPage page) throws Exception {
        List<PDImageXObject> images = new ArrayList<>();
        for (COSName name : page.getResources().getXObjectNames()) {
            if (page.getResources().getXObject(name) instanceof PDImageXObject image) {
                images.add(image);
            }
        }
        return images;
    }
}
