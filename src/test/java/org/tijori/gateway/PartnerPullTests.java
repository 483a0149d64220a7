package org.tijori.gateway;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.audit.AuditEntry;
import org.tijori.audit.AuditTrail;
import org.tijori.identity.NationalId;
import org.tijori.identity.NationalIdLinks;
import org.tijori.issuer.IssuedDocument;
import org.tijori.issuer.IssuedDocuments;
import org.tijori.issuer.TestIssuer;
import org.tijori.issuer.TestPullEndpoint;
import org.tijori.signing.TestIssuerKeys;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * DigiLocker's pull operations over HTTP (ADR 23, #10 to #13): the meta APIs with the form credential, each
 * credential taken once, a stale or future {@code ts}, a wrong {@code hmac} and an unknown client refused, and the
 * failures counted per address until it is turned away; then {@code pulldocument} against a real Pull URI endpoint
 * (on 127.0.0.2) that answers found, not found, pending, forged, someone else's, or fails, each outcome with its
 * status and DigiLocker's code, and a found document in the resident's locker.
 */
@PartnerTestContext
class PartnerPullTests {

    /** Aarav Sharma of the demo registry: the documents the endpoint finds name his national ID. */
    static final String AARAV = "999941057058";

    static final AtomicInteger issuers = new AtomicInteger();

    static final AtomicInteger residents = new AtomicInteger();

    static final JsonMapper json = JsonMapper.builder().build();

    static TestPullEndpoint endpoint;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    NationalIdLinks links;

    @Autowired
    IssuedDocuments documents;

    @Autowired
    AuditTrail trail;

    @BeforeAll
    static void startEndpoint() throws Exception {
        endpoint = TestPullEndpoint.start("127.0.0.2");
    }

    @AfterAll
    static void stopEndpoint() {
        endpoint.close();
    }

    WebClient http() {
        return new WebClient(port);
    }

    @Test
    void theMetaOperationsListIssuersDocTypesAndSearchParametersForAProvenRequester() throws Exception {
        TestRequester requester = TestRequester.approved(http(), PartnerTestContext.TOKEN);
        TestIssuer issuer = approvedIssuer("UID");

        HttpResponse<String> listed = post("/public/oauth2/1/pull/issuers", FormCredentials.form(requester, Map.of()));

        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        assertThat(listed.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        JsonNode found = null;
        for (JsonNode item : json.readTree(listed.body()).get("issuers")) {
            if (item.get("orgid").asString().equals(issuer.issuerId)) {
                found = item;
            }
        }
        assertThat(found).as(listed.body()).isNotNull();
        assertThat(found.get("issuerid").asString()).isEqualTo(issuer.issuerId);
        assertThat(found.get("name").asString()).isEqualTo("Board of " + issuer.issuerId);
        assertThat(found.get("categories").asString()).isEqualTo("state");
        assertThat(found.has("description")).isTrue();
        assertThat(json.readTree(listed.body()).get("issuers")).extracting(item -> item.get("orgid").asString())
                .as("only approved issuers").doesNotContain(registeredOnly().issuerId);

        HttpResponse<String> docTypes = post("/public/oauth2/1/pull/doctype", FormCredentials.form(requester,
                Map.of("orgid", issuer.issuerId)));

        assertThat(docTypes.statusCode()).as(docTypes.body()).isEqualTo(200);
        assertThat(json.readTree(docTypes.body()).get("documents")).singleElement().satisfies(item -> {
            assertThat(item.get("doctype").asString()).isEqualTo("HSCER");
            assertThat(item.get("description").asString()).isEqualTo("Class XII Marksheet");
        });

        HttpResponse<String> parameters = post("/public/oauth2/1/pull/parameters", FormCredentials.form(requester,
                Map.of("orgid", issuer.issuerId, "doctype", "HSCER")));

        assertThat(parameters.statusCode()).as(parameters.body()).isEqualTo(200);
        JsonNode list = json.readTree(parameters.body());
        assertThat(list.isArray()).isTrue();
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("paramname").asString()).isEqualTo("rollno");
        assertThat(list.get(0).get("label").asString()).isEqualTo("Roll number");
        assertThat(list.get(0).get("example").asString()).isEqualTo("1234567");
        assertThat(list.get(1).get("paramname").asString()).isEqualTo("year");

        assertError(post("/public/oauth2/1/pull/doctype", FormCredentials.form(requester,
                Map.of("orgid", "in.gov.nobody"))), 400, "invalid_parameter", "orgid");
        assertError(post("/public/oauth2/1/pull/doctype", FormCredentials.form(requester,
                Map.of("orgid", "Not An Id"))), 400, "invalid_parameter", "orgid");
        assertError(post("/public/oauth2/1/pull/doctype", FormCredentials.form(requester,
                Map.of("orgid", registeredOnly().issuerId))), 400, "invalid_parameter", "orgid");
        assertError(post("/public/oauth2/1/pull/parameters", FormCredentials.form(requester,
                Map.of("orgid", issuer.issuerId, "doctype", "NOPE"))), 400, "invalid_parameter", "doctype");
        assertError(post("/public/oauth2/1/pull/parameters", FormCredentials.form(requester,
                Map.of("orgid", "in.gov.nobody", "doctype", "HSCER"))), 400, "invalid_parameter", "orgid");
    }

    @Test
    void eachFormCredentialIsTakenOnce() throws Exception {
        TestRequester requester = TestRequester.approved(http(), PartnerTestContext.TOKEN);
        Map<String, String> form = FormCredentials.form(requester, Map.of());
        String address = TestRequester.newAddress();

        assertThat(post("/public/oauth2/1/pull/issuers", form, address).statusCode()).isEqualTo(200);
        assertError(post("/public/oauth2/1/pull/issuers", form, address), 400, "replayed_request", "used before");
        // The same proof on another operation, and in upper-case hex, is the same proof.
        Map<String, String> shouted = new LinkedHashMap<>(form);
        shouted.put("hmac", form.get("hmac").toUpperCase());
        assertError(post("/public/statistics/1/counts", shouted, address), 400, "replayed_request", "used before");

        assertThat(jdbc.sql("select count(*) from gateway_spent_proof where client_id = ?").param(requester.clientId)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aStaleFutureOrMalformedTsIsRefused() throws Exception {
        TestRequester requester = TestRequester.approved(http(), PartnerTestContext.TOKEN);
        long now = Instant.now().getEpochSecond();

        for (String ts : List.of(Long.toString(now - 31 * 60), Long.toString(now + 5 * 60), "yesterday", "")) {
            assertError(post("/public/oauth2/1/pull/issuers", FormCredentials.form(requester.clientId,
                    requester.clientSecret, ts, Map.of())), 400, "invalid_parameter", "Timestamp parameter");
        }
        assertThat(post("/public/oauth2/1/pull/issuers", FormCredentials.form(requester.clientId,
                requester.clientSecret, Long.toString(now - 29 * 60), Map.of())).statusCode()).isEqualTo(200);
    }

    @Test
    void aWrongHmacOrAnUnknownClientIsRefused() throws Exception {
        TestRequester requester = TestRequester.approved(http(), PartnerTestContext.TOKEN);
        TestRequester another = TestRequester.approved(http(), PartnerTestContext.TOKEN);
        String ts = FormCredentials.ts();

        Map<String, String> othersSecret = FormCredentials.form(requester.clientId, another.clientSecret, ts, Map.of());
        assertError(post("/public/oauth2/1/pull/issuers", othersSecret), 400, "invalid_parameter", "HMAC parameter");
        Map<String, String> noHmac = new LinkedHashMap<>(FormCredentials.form(requester, Map.of()));
        noHmac.remove("hmac");
        assertError(post("/public/oauth2/1/pull/issuers", noHmac), 400, "invalid_parameter", "HMAC parameter");
        Map<String, String> otherTs = new LinkedHashMap<>(FormCredentials.form(requester, Map.of()));
        otherTs.put("ts", FormCredentials.ts());
        assertError(post("/public/oauth2/1/pull/issuers", otherTs), 400, "invalid_parameter", "HMAC parameter");
        assertError(post("/public/oauth2/1/pull/issuers", FormCredentials.form("NOSUCHCLNT", requester.clientSecret,
                FormCredentials.ts(), Map.of())), 401, "invalid_client_id", "client_id");
        assertError(post("/public/oauth2/1/pull/issuers", Map.of()), 401, "invalid_client_id", "client_id");

        // A refused credential spends nothing: the right one with the same ts is still taken.
        assertThat(post("/public/oauth2/1/pull/issuers", FormCredentials.form(requester.clientId,
                requester.clientSecret, ts, Map.of())).statusCode()).isEqualTo(200);

        // A suspended requester's credential proves nothing any more.
        assertThat(http().postJson("/api/v1/admin/requesters/" + requester.id + "/suspend", "{}",
                "Authorization", "Bearer " + PartnerTestContext.TOKEN).statusCode()).isEqualTo(200);
        assertError(post("/public/oauth2/1/pull/issuers", FormCredentials.form(requester, Map.of())), 401,
                "invalid_client_id", "client_id");
    }

    @Test
    void failedCredentialsAreCountedPerAddressUntilItIsTurnedAway() throws Exception {
        TestRequester requester = TestRequester.approved(http(), PartnerTestContext.TOKEN);
        String address = TestRequester.newAddress();

        for (int i = 0; i < PartnerTestContext.FAILURES_PER_ADDRESS; i++) {
            Map<String, String> wrong = new LinkedHashMap<>(FormCredentials.form(requester, Map.of()));
            wrong.put("hmac", "0".repeat(64));
            assertError(post("/public/oauth2/1/pull/doctype", wrong, address), 400, "invalid_parameter", "HMAC");
        }
        HttpResponse<String> spent = post("/public/oauth2/1/pull/doctype", FormCredentials.form("NOSUCHCLNT", "x",
                FormCredentials.ts(), Map.of()), address);
        assertError(spent, 429, "too_many_requests", "Try again");
        assertThat(spent.headers().firstValue("Retry-After")).isPresent();
        // Turned away before it is read: even a good credential.
        assertError(post("/public/oauth2/1/pull/issuers", FormCredentials.form(requester, Map.of()), address), 429,
                "too_many_requests", "Try again");
        assertThat(post("/public/oauth2/1/pull/issuers", FormCredentials.form(requester, Map.of())).statusCode())
                .as("another address").isEqualTo(200);
    }

    @Test
    void pullDocumentTakesAFoundDocumentIntoTheLockerAndAnswersEachOtherOutcomeWithItsCode() throws Exception {
        TestIssuer issuer = approvedIssuer("UID");
        ResidentAccount resident = resident(AARAV);
        StoredTokens tokens = new StoredTokens(jdbc);
        StoredTokens.Grant grant = tokens.grant(tokens.approvedRequester(), resident, "userdetails", "pull");

        HttpResponse<String> pulled = pull(grant, issuer.issuerId, "HSCER", "found-1001");

        assertThat(pulled.statusCode()).as(pulled.body()).isEqualTo(200);
        String uri = issuer.issuerId + "-HSCER-found-1001";
        assertThat(json.readTree(pulled.body()).get("uri").asString()).isEqualTo(uri);
        assertThat(documents.deliveredTo(resident.id())).extracting(document -> document.uri().toString())
                .contains(uri);
        await().untilAsserted(() -> assertThat(trail.about(resident.id().toString(), 20))
                .filteredOn(entry -> entry.action().equals("gateway.PartnerAccessed")).singleElement()
                .satisfies(entry -> {
                    assertThat(entry.actor().type()).isEqualTo("CLIENT");
                    assertThat(entry.actor().id()).isEqualTo(grant.requester().clientId());
                    assertThat(entry.fields()).containsEntry("operation", "pulldocument")
                            .containsEntry("document", uri).containsEntry("times", "1");
                }));
        assertThat(jdbc.sql("select count(*) from gateway_access where consent_id = ? and document = ?")
                .params(grant.consent(), uri).query(Long.class).single())
                .as("shown to the resident among the app's accesses").isEqualTo(1);

        HttpResponse<String> again = pull(grant, issuer.issuerId, "HSCER", "found-1001");
        assertThat(again.statusCode()).as("already held").isEqualTo(200);
        assertThat(json.readTree(again.body()).get("uri").asString()).isEqualTo(uri);

        assertError(pull(grant, issuer.issuerId, "HSCER", "none-1001"), 404, "record_not_found", "No record found");
        assertError(pull(grant, issuer.issuerId, "HSCER", "other-1001"), 404, "record_not_found", "No record found");
        assertError(pull(grant, issuer.issuerId, "HSCER", "later-1001"), 409, "pull_response_pending", "forwarded");
        assertError(pull(grant, issuer.issuerId, "HSCER", "forged-1001"), 502, "repository_service_resperror",
                "cannot be used");
        assertThat(documents.deliveredTo(resident.id())).extracting(IssuedDocument::uri)
                .extracting(Object::toString).filteredOn(held -> held.startsWith(issuer.issuerId))
                .containsExactly(uri);

        TestIssuer failing = approvedIssuer("UID");
        assertError(pull(grant, failing.issuerId, "HSCER", "broken-1001"), 503, "repository_service_unresponsive",
                "did not answer");
    }

    @Test
    void pullDocumentRefusesWhatTheIssuerWouldNotBeAskedFor() throws Exception {
        TestIssuer issuer = approvedIssuer("UID");
        ResidentAccount resident = resident(null);
        ResidentAccount linked = resident(null);
        StoredTokens tokens = new StoredTokens(jdbc);
        StoredTokens.Requester requester = tokens.approvedRequester();
        StoredTokens.Grant grant = tokens.grant(requester, resident, "userdetails", "pull");
        int calls = endpointCalls();

        assertError(pull(grant, issuer.issuerId, "HSCER", "found-2001"), 403, "aadhaar_not_linked", "link");
        assertError(pull(grant, "in.gov.nobody", "HSCER", "found-2001"), 400, "invalid_orgid", "orgid");
        assertError(pull(grant, "Not An Id", "HSCER", "found-2001"), 400, "invalid_orgid", "orgid");
        assertError(pull(grant, registeredOnly().issuerId, "HSCER", "found-2001"), 400, "invalid_orgid", "orgid");
        assertError(pull(grant, issuer.issuerId, "NOPE", "found-2001"), 400, "invalid_doctype", "doctype");
        assertError(pull(grant, issuer.issuerId, "not a code", "found-2001"), 400, "invalid_doctype", "doctype");
        // The national-ID authority answers no searches: its cards come with the link.
        assertError(pull(grant, "in.gov.uidai", "ADHAR", "found-2001"), 400, "repository_service_configerror",
                "not available");

        Map<String, String> withoutConsent = pullForm(issuer.issuerId, "HSCER", "found-2001");
        withoutConsent.put("consent", "N");
        assertError(http().postForm("/public/oauth2/1/pull/pulldocument", withoutConsent, grant.bearer()), 400,
                "invalid_parameter", "consent");
        Map<String, String> withoutRollno = pullForm(issuer.issuerId, "HSCER", "found-2001");
        withoutRollno.remove("rollno");
        TestIssuer anyone = approvedIssuer();
        StoredTokens.Grant linkedGrant = tokens.grant(requester, linked, "pull");
        Map<String, String> missing = pullForm(anyone.issuerId, "HSCER", "found-2001");
        missing.remove("rollno");
        assertError(http().postForm("/public/oauth2/1/pull/pulldocument", missing, linkedGrant.bearer()), 400,
                "invalid_parameter", "rollno");
        assertThat(endpointCalls()).as("the issuer was not asked").isEqualTo(calls);

        StoredTokens.Grant noPull = tokens.grant(requester, resident, "userdetails", "files.issueddocs");
        assertError(pull(noPull, issuer.issuerId, "HSCER", "found-2001"), 403, "insufficient_scope", "consent");
        assertError(http().postForm("/public/oauth2/1/pull/pulldocument", pullForm(issuer.issuerId, "HSCER",
                "found-2001")), 401, "invalid_token", "missing");
        assertThat(endpointCalls()).as("the issuer was not asked").isEqualTo(calls);
    }

    @Test
    void aResidentsSearchesAreLimitedWhoeverAsksForThem() throws Exception {
        TestIssuer issuer = approvedIssuer();
        ResidentAccount resident = resident(null);
        StoredTokens tokens = new StoredTokens(jdbc);
        StoredTokens.Grant grant = tokens.grant(tokens.approvedRequester(), resident, "pull");
        StoredTokens.Grant another = tokens.grant(tokens.approvedRequester(), resident, "pull");

        for (int i = 0; i < PartnerTestContext.PULLS_PER_RESIDENT; i++) {
            assertError(pull(i % 2 == 0 ? grant : another, issuer.issuerId, "HSCER", "none-300" + i), 404,
                    "record_not_found", "No record found");
        }
        int calls = endpointCalls();
        HttpResponse<String> spent = pull(grant, issuer.issuerId, "HSCER", "found-3001");

        assertError(spent, 429, "too_many_requests", "searches");
        assertThat(spent.headers().firstValue("Retry-After")).isPresent();
        assertThat(endpointCalls()).as("the issuer was not asked").isEqualTo(calls);
        StoredTokens.Grant someoneElse = tokens.grant(grant.requester(), resident(null), "pull");
        assertError(pull(someoneElse, issuer.issuerId, "HSCER", "none-3002"), 404, "record_not_found",
                "No record found");
    }

    int endpointCalls() {
        return endpoint.calls.get();
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        return post(path, form, TestRequester.newAddress());
    }

    HttpResponse<String> post(String path, Map<String, String> form, String address) throws Exception {
        return http().postForm(path, form, "X-Forwarded-For", address);
    }

    HttpResponse<String> pull(StoredTokens.Grant grant, String orgid, String doctype, String rollno)
            throws Exception {
        return http().postForm("/public/oauth2/1/pull/pulldocument", pullForm(orgid, doctype, rollno),
                grant.bearer()[0], grant.bearer()[1], "X-Forwarded-For", TestRequester.newAddress());
    }

    static Map<String, String> pullForm(String orgid, String doctype, String rollno) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("orgid", orgid);
        form.put("doctype", doctype);
        form.put("consent", "Y");
        form.put("rollno", rollno);
        form.put("year", "2014");
        return form;
    }

    static void assertError(HttpResponse<String> answer, int status, String error, String describedBy)
            throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        JsonNode body = json.readTree(answer.body());
        assertThat(body.get("error").asString()).isEqualTo(error);
        assertThat(body.get("error_description").asString()).contains(describedBy);
    }

    /** An approved issuer of HSCER searched at the test endpoint, whose searches send these resident details. */
    TestIssuer approvedIssuer(String... residentFields) throws Exception {
        TestIssuer issuer = new TestIssuer("in.gov.partnerpull" + issuers.incrementAndGet(),
                TestIssuerKeys.generate("Board"));
        issuer.registerAndApprove(http(), residentFields.length == 0 ? issuer.registrationJson("HSCER", endpoint.url())
                : issuer.registrationJson("HSCER", endpoint.url(), residentFields), PartnerTestContext.TOKEN);
        endpoint.serve(issuer);
        return issuer;
    }

    /** An issuer that registered and waits for an administrator. */
    TestIssuer registeredOnly() throws Exception {
        TestIssuer issuer = new TestIssuer("in.gov.partnerwaiting" + issuers.incrementAndGet(),
                TestIssuerKeys.generate("Board"));
        HttpResponse<String> registered = http().postJson("/api/v1/issuers/registrations",
                issuer.registrationJson("HSCER", endpoint.url()));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(202);
        return issuer;
    }

    /** A resident with a locker, and this national ID linked when it is not null. */
    ResidentAccount resident(String uid) {
        int n = residents.incrementAndGet();
        ResidentAccount resident = accounts.signUp(new MobileNumber(String.valueOf(7_300_000_000L
                + (System.nanoTime() % 1_000_000) * 100 + n)), "partnerpuller" + n, "a long and unusual phrase");
        if (uid != null) {
            links.link(resident.id(), links.requestLink(resident.id(), new NationalId(uid)).token());
        }
        return resident;
    }
}
