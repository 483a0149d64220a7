package org.tijori.issuer;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.identity.NationalId;
import org.tijori.identity.NationalIdLinks;
import org.tijori.signing.TestIssuerKeys;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tijori pulling from an issuer endpoint written from DigiLocker's published Pull URI specification
 * ({@link SpecPullIssuer}), over real HTTP: the request it checks exactly (namespace, attributes, MAC), the two
 * answers DigiLocker's issuers give (Certificate XML with its PDF, or the PDF alone), the MAC encoding and API
 * key the issuer chose at registration, and only the resident details a doc type asked for.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.admin.bootstrap-token=" + PullUriInteroperabilityTests.TOKEN,
        "tijori.issuer.registrations-per-address=1000", "tijori.issuer.pull-allow-http=true",
        "tijori.issuer.pull-allowed-networks=127.0.0.2/32",
        "tijori.admin.username=" + PullUriInteroperabilityTests.ADMIN,
        "tijori.admin.password=" + PullUriInteroperabilityTests.PASSWORD })
class PullUriInteroperabilityTests {

    static final String TOKEN = "pull-interop-tests-bootstrap-token-0123456789";

    static final String ADMIN = "interop-admin";

    static final String PASSWORD = "a long and unusual phrase";

    /** Aarav Sharma in the demo registry of the national-ID authority. */
    static final String AARAV = "999941057058";

    static final String IRFAN = "999959083016";

    static final String LAKSHMI = "999966131861";

    /** An API key as an issuer would choose it: long, from a password generator. */
    static final String CHOSEN_KEY = "kR7#vQ2m!Lx9pZ4t@Wc6Hy8Nf3Bd5Js1Ue0Ga";

    static final AtomicInteger issuers = new AtomicInteger();

    static final AtomicInteger residents = new AtomicInteger();

    static final JsonMapper json = JsonMapper.builder().build();

    static SpecPullIssuer endpoint;

    @LocalServerPort
    int port;

    @Autowired
    IssuedDocuments documents;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    NationalIdLinks links;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @BeforeAll
    static void startEndpoint() throws Exception {
        endpoint = SpecPullIssuer.start("127.0.0.2");
    }

    @AfterAll
    static void stopEndpoint() {
        endpoint.close();
    }

    @Test
    void aSpecIssuerTakesTheRequestAndTheResidentGetsItsCertificateAndPdf() throws Exception {
        TestIssuer issuer = approved(null, null, "UID");
        endpoint.serve(issuer.issuerId, issuer.apiKey, false, details -> new SpecPullIssuer.Answer("1",
                issuer.issuerId + "-HSCER-" + details.get("rollno"),
                issuer.signedCertificate("HSCER", details.get("rollno"), details.get("UID"), "Aarav Sharma"),
                SpecPullIssuer.PDF));
        PullingResident resident = resident(AARAV);
        int refusedBefore = endpoint.refusals.size();

        JsonNode pull = resident.pull(issuer, "4410021");

        assertThat(endpoint.refusals.subList(refusedBefore, endpoint.refusals.size())).as("what the issuer refused")
                .isEmpty();
        assertThat(pull.get("state").asString()).as(pull.toString()).isEqualTo("FOUND");
        assertThat(endpoint.lastBody.get()).contains("<PullURIRequest xmlns=\"http://tempuri.org/\" ver=\"");
        String uri = issuer.issuerId + "-HSCER-4410021";
        HttpResponse<byte[]> pdf = resident.web().getBytes("/api/v1/locker/issued/" + uri + "/pdf");
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.body()).isEqualTo(SpecPullIssuer.PDF);
        HttpResponse<byte[]> xml = resident.web().getBytes("/api/v1/locker/issued/" + uri + "/xml");
        assertThat(xml.statusCode()).isEqualTo(200);
        assertThat(new String(xml.body(), StandardCharsets.UTF_8)).contains("number=\"4410021\"");
    }

    @Test
    void aPdfOnlyAnswerIsTheDocumentTheResidentGets() throws Exception {
        TestIssuer issuer = approved(null, null);
        endpoint.serve(issuer.issuerId, issuer.apiKey, false, details -> new SpecPullIssuer.Answer("1",
                issuer.issuerId + "-HSCER-" + details.get("rollno"), null, SpecPullIssuer.PDF));
        PullingResident resident = resident(null);

        JsonNode pull = resident.pull(issuer, "5520031");

        assertThat(pull.get("state").asString()).as(pull.toString()).isEqualTo("FOUND");
        String uri = issuer.issuerId + "-HSCER-5520031";
        assertThat(TestIssuer.withoutIdCards(documents.deliveredTo(resident.account().id())))
                .singleElement().satisfies(document -> {
            assertThat(document.uri()).hasToString(uri);
            assertThat(document.hasPdf()).isTrue();
        });
        HttpResponse<byte[]> pdf = resident.web().getBytes("/api/v1/locker/issued/" + uri + "/pdf");
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.body()).as("the issuer's PDF, not one Tijori drew").isEqualTo(SpecPullIssuer.PDF);
        assertThat(resident.web().getBytes("/api/v1/locker/issued/" + uri + "/xml").statusCode())
                .as("there is no Certificate XML").isEqualTo(404);

        // Found, but with neither content: nothing to take.
        endpoint.serve(issuer.issuerId, issuer.apiKey, false, details -> new SpecPullIssuer.Answer("1",
                issuer.issuerId + "-HSCER-" + details.get("rollno"), null, null));
        assertThat(resident.pull(issuer, "6630041").get("state").asString()).isEqualTo("BAD_ANSWER");
        assertThat(TestIssuer.withoutIdCards(documents.deliveredTo(resident.account().id()))).hasSize(1);

        // A DocContent that is not a PDF is refused too.
        endpoint.serve(issuer.issuerId, issuer.apiKey, false, details -> new SpecPullIssuer.Answer("1",
                issuer.issuerId + "-HSCER-" + details.get("rollno"), null,
                "<html>not a pdf</html>".getBytes(StandardCharsets.US_ASCII)));
        assertThat(resident.pull(issuer, "6630042").get("state").asString()).isEqualTo("BAD_ANSWER");
        assertThat(TestIssuer.withoutIdCards(documents.deliveredTo(resident.account().id()))).hasSize(1);
    }

    @Test
    void signsWithTheApiKeyAndTheMacEncodingTheIssuerChose() throws Exception {
        TestIssuer issuer = approved(CHOSEN_KEY, "base64-of-hex", "UID");
        assertThat(issuer.apiKey).as("the approval does not show the chosen key back").isNull();
        endpoint.serve(issuer.issuerId, CHOSEN_KEY, true, details -> new SpecPullIssuer.Answer("1",
                issuer.issuerId + "-HSCER-" + details.get("rollno"),
                issuer.signedCertificate("HSCER", details.get("rollno"), details.get("UID"), "Irfan"),
                SpecPullIssuer.PDF));
        PullingResident resident = resident(IRFAN);
        int refusedBefore = endpoint.refusals.size();

        assertThat(resident.pull(issuer, "7740051").get("state").asString()).isEqualTo("FOUND");
        assertThat(endpoint.refusals.subList(refusedBefore, endpoint.refusals.size())).isEmpty();

        WebClient admin = new WebClient(port);
        assertThat(admin.signIn(ADMIN, PASSWORD).statusCode()).isEqualTo(302);
        assertThat(admin.get("/admin/issuers").body()).contains("id=\"pull-hmac-" + issuer.issuerId
                + "\" data-encoding=\"base64-of-hex\"");

        assertThat(new WebClient(port).send("PUT", "/api/v1/admin/issuers/" + issuer.issuerId + "/pull-hmac-encoding",
                "application/json", "{\"pullHmacEncoding\":\"base64\"}".getBytes(StandardCharsets.UTF_8))
                .statusCode()).as("a stranger").isEqualTo(401);
        assertThat(admin.get("/admin/issuers").body()).as("unchanged").contains("id=\"pull-hmac-" + issuer.issuerId
                + "\" data-encoding=\"base64-of-hex\"");

        // The administrator switches to DigiLocker's encoding, which this issuer does not check.
        HttpResponse<String> changed = new WebClient(port).send("PUT", "/api/v1/admin/issuers/" + issuer.issuerId
                + "/pull-hmac-encoding", "application/json",
                "{\"pullHmacEncoding\":\"base64\"}".getBytes(StandardCharsets.UTF_8), "Authorization",
                "Bearer " + TOKEN);
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(admin.get("/admin/issuers").body()).contains("id=\"pull-hmac-" + issuer.issuerId
                + "\" data-encoding=\"base64\"");
        assertThat(resident.pull(issuer, "7740052").get("state").asString()).isEqualTo("BAD_ANSWER");
        assertThat(endpoint.refusals).last().isEqualTo("x-digilocker-hmac does not match");

        HttpResponse<String> unknown = new WebClient(port).send("PUT", "/api/v1/admin/issuers/" + issuer.issuerId
                + "/pull-hmac-encoding", "application/json",
                "{\"pullHmacEncoding\":\"hex\"}".getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + TOKEN);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json.readTree(unknown.body()).get("detail").asString()).contains("base64 or base64-of-hex");
    }

    @Test
    void refusesAWeakChosenApiKeyClearlyAndKeepsNothing() throws Exception {
        TestIssuer issuer = new TestIssuer("in.gov.interop" + issuers.incrementAndGet(), TestIssuerKeys.generate("B"));
        WebClient http = new WebClient(port);
        for (String weak : new String[] { "short-key-123", "a".repeat(40), "abababababababababababababababab12",
                "a key with spaces in it that is long enough" }) {
            HttpResponse<String> refused = http.postJson("/api/v1/issuers/registrations",
                    registration(issuer, weak, null));
            assertThat(refused.statusCode()).as(weak).isEqualTo(400);
            String detail = json.readTree(refused.body()).get("detail").asString();
            assertThat(detail).as(weak).startsWith("apiKey: ").doesNotContain(weak);
        }
        HttpResponse<String> badEncoding = http.postJson("/api/v1/issuers/registrations",
                registration(issuer, CHOSEN_KEY, "hex"));
        assertThat(badEncoding.statusCode()).isEqualTo(400);
        assertThat(json.readTree(badEncoding.body()).get("detail").asString()).startsWith("pullHmacEncoding: ");

        HttpResponse<String> accepted = http.postJson("/api/v1/issuers/registrations",
                registration(issuer, CHOSEN_KEY, null));
        assertThat(accepted.statusCode()).as("nothing of the refused ones was kept").isEqualTo(202);
        assertThat(chosenKeyKept(issuer)).as("sealed until a decision").isTrue();

        HttpResponse<String> rejected = http.post("/api/v1/admin/issuers/" + issuer.issuerId + "/reject",
                "application/json", new byte[0], "Authorization", "Bearer " + TOKEN);
        assertThat(rejected.statusCode()).isEqualTo(200);
        assertThat(chosenKeyKept(issuer)).as("a rejected issuer's key is forgotten").isFalse();
    }

    private boolean chosenKeyKept(TestIssuer issuer) {
        return jdbc.sql("select chosen_api_key_sealed is not null from issuer_issuer where issuer_id = ?")
                .param(issuer.issuerId).query(Boolean.class).single();
    }

    @Test
    void sendsTheMd5OfTheNationalIdOnlyWhereTheDocTypeAskedForIt() throws Exception {
        TestIssuer hashed = approved(null, null, "UIDHash", "FullName");
        endpoint.serve(hashed.issuerId, hashed.apiKey, false, details -> SpecPullIssuer.Answer.notFound());
        PullingResident resident = resident(LAKSHMI);

        assertThat(resident.web().get("/issuers/" + hashed.issuerId + "/HSCER/fetch").body())
                .contains("data-field=\"UIDHash\"", "not the number itself").doesNotContain("data-field=\"UID\"");
        assertThat(resident.pull(hashed, "8850061").get("state").asString()).isEqualTo("NOT_FOUND");

        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                .digest(LAKSHMI.getBytes(StandardCharsets.US_ASCII)));
        assertThat(endpoint.lastDetails.get()).containsEntry("UID", md5).containsKey("FullName")
                .doesNotContainKey("DOB");
        assertThat(endpoint.lastBody.get()).doesNotContain(LAKSHMI);

        TestIssuer both = new TestIssuer("in.gov.interop" + issuers.incrementAndGet(), TestIssuerKeys.generate("B"));
        HttpResponse<String> refused = new WebClient(port).postJson("/api/v1/issuers/registrations",
                both.registrationJson("HSCER", endpoint.url(), "UID", "UIDHash"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json.readTree(refused.body()).get("detail").asString()).contains("UID and UIDHash");
    }

    /** An approved issuer of HSCER at the spec endpoint, with a chosen API key and MAC encoding if not null. */
    private TestIssuer approved(String apiKey, String encoding, String... residentFields) throws Exception {
        TestIssuer issuer = new TestIssuer("in.gov.interop" + issuers.incrementAndGet(),
                TestIssuerKeys.generate("Board"));
        WebClient http = new WebClient(port);
        HttpResponse<String> registered = http.postJson("/api/v1/issuers/registrations",
                registration(issuer, apiKey, encoding, residentFields));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(202);
        HttpResponse<String> approved = http.post("/api/v1/admin/issuers/" + issuer.issuerId + "/approve",
                "application/json", new byte[0], "Authorization", "Bearer " + TOKEN);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        JsonNode credentials = json.readTree(approved.body());
        issuer.clientId = credentials.get("clientId").asString();
        issuer.clientSecret = credentials.get("clientSecret").asString();
        issuer.apiKey = credentials.get("apiKey").isNull() ? null : credentials.get("apiKey").asString();
        return issuer;
    }

    private static String registration(TestIssuer issuer, String apiKey, String encoding, String... residentFields) {
        String registration = residentFields.length == 0 ? issuer.registrationJson("HSCER", endpoint.url())
                : issuer.registrationJson("HSCER", endpoint.url(), residentFields);
        String chosen = (apiKey == null ? "" : "\"apiKey\":" + quoted(apiKey) + ",")
                + (encoding == null ? "" : "\"pullHmacEncoding\":" + quoted(encoding) + ",");
        return registration.replace("\"pullUriUrl\":", chosen + "\"pullUriUrl\":");
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }


    private PullingResident resident(String uid) throws Exception {
        int n = residents.incrementAndGet();
        ResidentAccount account = accounts.signUp(new MobileNumber(String.valueOf(7_300_000_000L + n)), "interop" + n,
                PASSWORD);
        if (uid != null) {
            links.link(account.id(), links.requestLink(account.id(), new NationalId(uid)).token());
        }
        return PullingResident.signIn(account, PASSWORD, port);
    }
}
