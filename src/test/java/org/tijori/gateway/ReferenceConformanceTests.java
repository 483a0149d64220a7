package org.tijori.gateway;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.whitelist.ValidationErrorsWhitelist;
import com.atlassian.oai.validator.whitelist.rule.WhitelistRule;
import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.gateway.token.Authorizations;
import org.tijori.identity.NationalId;
import org.tijori.identity.NationalIdLinks;
import org.tijori.issuer.idcard.NationalIdCards;
import org.tijori.locker.Folder;
import org.tijori.locker.UploadedDocument;
import org.tijori.locker.UploadedDocuments;
import org.tijori.signing.SecureXml;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.messageHasKey;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.messageContainsSubstring;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.responseStatusIs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tijori.locker.TestDocuments.pdf;

/**
 * Every answer of every partner operation Tijori serves, successes and errors, checked over HTTP against DigiLocker's
 * reference file ({@code reference/digilocker-authpartner-openapi.yaml}) with Atlassian's swagger-request-validator
 * (ADR 23, "Tests"). Where the file itself is wrong, a named rule of {@link #WHITELIST} excuses exactly that, and
 * every rule must excuse something, so none outlives the answer it was written for. An operation that lands later
 * adds its cases to {@link #cases()}, one entry each.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.web.trusted-proxies=127.0.0.1, ::1", "tijori.admin.bootstrap-token=" + RequesterTestContext.TOKEN,
        "tijori.gateway.failures-per-address=" + ReferenceConformanceTests.FAILURES_PER_ADDRESS,
        // The test issuer's Pull URI endpoint is a name that resolves nowhere: a pull gives up within a second.
        "tijori.issuer.pull-timeout=1s" })
class ReferenceConformanceTests {

    static final int FAILURES_PER_ADDRESS = 3;

    /** A copy of the shared reference file, unchanged, so that the test runs wherever the repository is checked out. */
    static final String REFERENCE = "/reference/digilocker-authpartner-openapi.yaml";

    /** A national ID of the demo registry no other test links. */
    static final String DEVI = "999982199350";

    /**
     * The reference file's own defects, each excused by name, with the one kind of validation message it excuses
     * (docs/partner-api.md gives the reasons).
     */
    static final Map<String, WhitelistRule> WHITELIST = new LinkedHashMap<>();

    /** W7, used each time the test parses an XML answer in the validator's stead. */
    static final String XML_RULE = "W7 XML bodies checked by parsing";

    /**
     * Rules whose answers are not served yet: they must excuse nothing now, and the slice that lands the operation
     * moves its rule out of here with its cases. None: every operation is served.
     */
    static final java.util.Set<String> PENDING = java.util.Set.of();

    static {
        // W1: the token answer's dob is "type: integer"; a DDMMYYYY date starting with 0 (or none) is a string.
        WHITELIST.put("W1 dob typed integer", pathIs("/oauth2/1/token")
                .and(messageHasKey("validation.response.body.schema.type")).and(messageContainsSubstring("/dob")));
        // W2: masked mobiles ("XXXXXX1234") are "type: integer".
        WHITELIST.put("W2 masked mobile typed integer", messageHasKey("validation.response.body.schema.type")
                .and(messageContainsSubstring("mobile")));
        // W3: every list has minItems 1, but a resident may hold nothing yet.
        WHITELIST.put("W3 minItems on lists that may be empty",
                messageHasKey("validation.response.body.schema.minItems"));
        // W4: pull outcomes the file lists only under 500, answered 4xx (or 502/503 for the issuer's failures).
        WHITELIST.put("W4 client errors documented only under 500", pathIs("/oauth2/1/pull/pulldocument")
                .and(messageHasKey("validation.response.status.unknown")).and(errorIs("aadhaar_not_linked",
                        "pull_response_pending", "repository_service_unresponsive", "repository_service_resperror")));
        // W5: authorize documents a JSON 200; it is a page that ends in 302 redirects (RFC 6749 4.1.2).
        WHITELIST.put("W5 302 of authorize", pathIs("/oauth2/1/authorize").and(responseStatusIs(302))
                .and(messageHasKey("validation.response.status.unknown")));
        // W6: no operation documents 429, which every limit answers.
        WHITELIST.put("W6 429", responseStatusIs(429).and(messageHasKey("validation.response.status.unknown")));
        // W7: XML answers have no schema in the file; the test parses them instead, and counts each.
        WHITELIST.put(XML_RULE, messageHasKey("validation.response.body.schema.xml")
                .or(messageHasKey("validation.response.body.schema.unknownError")
                        .and(messageContainsSubstring("xml"))));
        // W8: statistics' monthwise and yearwise lists are typed as objects, and the top level requires the newest
        // month's id, month, year, count without declaring them.
        WHITELIST.put("W8 statistics lists typed object, top-level fields undeclared", pathIs("/statistics/1/counts")
                .and(messageHasKey("validation.response.body.schema.type")
                        .and(messageContainsSubstring("/monthwise_registations")
                                .or(messageContainsSubstring("/yearwise_authentic_documents")))
                        .or(messageHasKey("validation.response.body.schema.additionalProperties")
                                .and(onlyProperties("count", "id", "month", "year")))));
        // W9: 403 insufficient_scope (RFC 6750 3.1) is documented nowhere: the file has only 401.
        WHITELIST.put("W9 403 insufficient_scope", responseStatusIs(403)
                .and(messageHasKey("validation.response.status.unknown")).and(errorIs("insufficient_scope")));
        // W10: token, revoke and authorize document errors without a body; RFC 6749 5.2 (and DigiLocker) answer one.
        WHITELIST.put("W10 error bodies the file leaves out", messageHasKey("validation.response.body.unexpected")
                .and(statusAtLeast(400)));
        // W11: revoke documents 200 and 400 only; a wrong client secret is 401 invalid_client (RFC 7009 2.2.1).
        WHITELIST.put("W11 401 of revoke", pathIs("/oauth2/1/revoke").and(responseStatusIs(401))
                .and(messageHasKey("validation.response.status.unknown")));
        // W12: user, a folder, issued v1 and the upload's answer are drawn as one sample nested under "details";
        // the answers are flat (user; Path and size) or lists (directory and items; items and resource), as
        // DigiLocker answers and ADR 23 says.
        WHITELIST.put("W12 one sample under details", messageHasKey(
                "validation.response.body.schema.additionalProperties").and(pathIs("/oauth2/1/user")
                        .or(pathIs("/oauth2/1/files/{id}").and(onlyProperties("directory", "items")))
                        .or(pathIs("/oauth2/1/files/issued").and(onlyProperties("items", "resource")))
                        .or(pathIs("/oauth2/1/file/upload").and(onlyProperties("Path", "size")))));
        // W13: the token answer spells digilocker_id and eaadhar only; Tijori sends digilockerid and eaadhaar too
        // (the user answer's spelling), and an OpenID Connect id_token when openid was asked.
        WHITELIST.put("W13 token answer's other spellings and id_token", pathIs("/oauth2/1/token")
                .and(messageHasKey("validation.response.body.schema.additionalProperties"))
                .and(onlyProperties("digilockerid", "eaadhaar", "id_token")));
        // W14: pulldocument's 400 is oneOf two identical schemas, so every body matches both.
        WHITELIST.put("W14 pulldocument's oneOf of two identical schemas", pathIs("/oauth2/1/pull/pulldocument")
                .and(messageHasKey("validation.response.body.schema.oneOf")).and(messageContainsSubstring(
                        "matched 2 out of 2")));
        // W15 (Tijori's, ADR 23 open question 4, not the file's): a resident without a linked national ID has no
        // gender, answered "" outside the file's M/F/T.
        WHITELIST.put("W15 no gender without a national ID", messageHasKey("validation.response.body.schema.enum")
                .and(messageContainsSubstring("[Path '/gender'] Instance value (\"\")")));
    }

    static WhitelistRule pathIs(String operation) {
        return (message, api, request, response) -> api != null && api.getApiPath().original().endsWith(operation);
    }

    static WhitelistRule statusAtLeast(int status) {
        return (message, api, request, response) -> response != null && response.getStatus() >= status;
    }

    /** The answer is DigiLocker's error body with one of these codes. */
    static WhitelistRule errorIs(String... codes) {
        return (message, api, request, response) -> response != null && response.getResponseBody()
                .map(ReferenceConformanceTests::text)
                .filter(body -> java.util.Arrays.stream(codes).anyMatch(code -> body.contains(
                        "\"error\":\"" + code + "\"")))
                .isPresent();
    }

    static String text(com.atlassian.oai.validator.model.Body body) {
        try {
            return body.toString(StandardCharsets.UTF_8);
        }
        catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** An additionalProperties message that names these properties and no other. */
    static WhitelistRule onlyProperties(String... names) {
        return (message, api, request, response) -> {
            String text = message.getMessage();
            int open = text.lastIndexOf('[');
            if (open < 0) {
                return false;
            }
            List<String> listed = java.util.Arrays.stream(text.substring(open + 1, text.lastIndexOf(']')).split(","))
                    .map(name -> name.trim().replace("\"", "")).toList();
            return List.of(names).containsAll(listed);
        };
    }

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    Consents consents;

    @Autowired
    Authorizations authorizations;

    @Autowired
    UploadedDocuments uploads;

    @Autowired
    NationalIdLinks links;

    @Autowired
    NationalIdCards cards;

    @Autowired
    JdbcClient jdbc;

    final Map<String, AtomicInteger> excused = new LinkedHashMap<>();

    /** One answer to check: the operation as the file names it, and what Tijori answered. */
    record Case(String name, Request.Method method, String operation, HttpResponse<?> answer) {
    }

    @Test
    void everyAnswerOfEveryOperationConformsToTheReferenceFile() throws Exception {
        OpenApiInteractionValidator validator = validator();
        List<Case> cases = cases();
        List<String> failures = new ArrayList<>();

        for (Case checked : cases) {
            ValidationReport report = validator.validateResponse(checked.operation(), checked.method(),
                    response(checked.answer()));
            for (ValidationReport.Message message : report.getMessages()) {
                if (message.getLevel() == ValidationReport.Level.ERROR) {
                    failures.add(checked.name() + " (" + checked.answer().statusCode() + "): " + message.getKey()
                            + " " + message.getMessage());
                }
            }
            String contentType = checked.answer().headers().firstValue("Content-Type").orElse("");
            if (checked.answer().statusCode() == 200 && contentType.startsWith("application/xml")) {
                // W7: the XML body parses, as the file's only word on it is its type.
                assertThat(SecureXml.parse((byte[]) checked.answer().body(), 4 << 20).getDocumentElement().getLocalName())
                        .as(checked.name()).isIn("Certificate", "KycRes");
                excused.computeIfAbsent(XML_RULE, name -> new AtomicInteger()).incrementAndGet();
            }
        }

        assertThat(failures).as("answers that do not conform").isEmpty();
        assertThat(cases).extracting(Case::name).doesNotHaveDuplicates();
        assertThat(excused.keySet()).as("every rule of the whitelist excuses something, but those pending")
                .containsExactlyInAnyOrderElementsOf(WHITELIST.keySet().stream()
                        .filter(rule -> !PENDING.contains(rule)).toList());
    }

    OpenApiInteractionValidator validator() throws java.io.IOException {
        ValidationErrorsWhitelist whitelist = ValidationErrorsWhitelist.create();
        for (Map.Entry<String, WhitelistRule> rule : WHITELIST.entrySet()) {
            whitelist = whitelist.withRule(rule.getKey(), (message, operation, request, response) -> {
                boolean matches = rule.getValue().matches(message, operation, request, response);
                if (matches) {
                    excused.computeIfAbsent(rule.getKey(), name -> new AtomicInteger()).incrementAndGet();
                }
                return matches;
            });
        }
        try (var reference = ReferenceConformanceTests.class.getResourceAsStream(REFERENCE)) {
            return OpenApiInteractionValidator.createForInlineApiSpecification(
                    new String(reference.readAllBytes(), StandardCharsets.UTF_8)).withWhitelist(whitelist).build();
        }
    }

    static SimpleResponse response(HttpResponse<?> answer) {
        SimpleResponse.Builder response = SimpleResponse.Builder.status(answer.statusCode());
        answer.headers().map().forEach((name, values) -> response.withHeader(name, values));
        if (answer.body() instanceof byte[] bytes) {
            response.withBody(bytes);
        }
        else if (answer.body() instanceof String text && !text.isEmpty()) {
            response.withBody(text, StandardCharsets.UTF_8);
        }
        return response.build();
    }

    /** Every answer to check, by operation; an operation that lands adds its cases here. */
    List<Case> cases() throws Exception {
        List<Case> cases = new ArrayList<>();
        FlowFixture flow = new FlowFixture(port, accounts, consents, authorizations);
        ResidentLockers lockers = new ResidentLockers(port, accounts, uploads, jdbc);

        // #3 authorize, #15 token, #14 revoke: the whole code flow of a new requester and resident.
        PartnerClient partner = flow.partner();
        ResidentAccount flowResident = flow.resident();
        WebClient browser = flow.signedIn(flowResident);
        String scope = "openid userdetails files.issueddocs";
        HttpResponse<String> asked = browser.get(PartnerClient.authorizeUrl(partner.request(scope)));
        cases.add(new Case("authorize to the consent page", Request.Method.GET, "/oauth2/1/authorize", asked));
        HttpResponse<String> unknownClient = browser.get(PartnerClient.authorizeUrl(Map.of("response_type", "code",
                "client_id", "NOSUCHCLNT", "redirect_uri", partner.redirectUri(), "state", "s",
                "code_challenge", partner.challenge(), "code_challenge_method", "S256")));
        cases.add(new Case("authorize unknown client", Request.Method.GET, "/oauth2/1/authorize", unknownClient));
        String code = partner.code(browser, scope);
        HttpResponse<String> exchanged = partner.exchange(code);
        cases.add(new Case("token by code", Request.Method.POST, "/oauth2/1/token", exchanged));
        Map<String, Object> tokens = PartnerClient.json(exchanged);
        HttpResponse<String> refreshed = partner.refresh((String) tokens.get("refresh_token"));
        cases.add(new Case("token by refresh", Request.Method.POST, "/oauth2/1/token", refreshed));
        cases.add(new Case("token reused code", Request.Method.POST, "/oauth2/1/token", partner.exchange(code)));
        cases.add(new Case("token wrong secret", Request.Method.POST, "/oauth2/1/token", new WebClient(port).postForm(
                PartnerClient.TOKEN, Map.of("grant_type", "refresh_token", "refresh_token", "x", "client_id",
                        partner.requester.clientId, "client_secret", "a-guess"),
                "X-Forwarded-For", TestRequester.newAddress())));
        String access = (String) PartnerClient.json(refreshed).get("access_token");
        cases.add(new Case("user by the flow's token", Request.Method.GET, "/oauth2/1/user",
                new WebClient(port).get("/public/oauth2/1/user", "Authorization", "Bearer " + access)));
        cases.add(new Case("revoke", Request.Method.POST, "/oauth2/1/revoke", partner.revoke(access)));
        cases.add(new Case("revoke without token", Request.Method.POST, "/oauth2/1/revoke",
                partner.http.postForm(PartnerClient.REVOKE, Map.of(), partner.basic())));
        cases.add(new Case("revoke wrong secret", Request.Method.POST, "/oauth2/1/revoke", new WebClient(port)
                .postForm(PartnerClient.REVOKE, Map.of("token", access, "client_id", partner.requester.clientId,
                        "client_secret", "a-guess"), "X-Forwarded-For", TestRequester.newAddress())));

        // #6 to #9, #16 to #18: a resident with uploads in a folder, an issued document, and one with nothing.
        TestRequester requester = lockers.requester();
        ResidentAccount resident = lockers.resident();
        Folder folder = uploads.createFolder(resident.id(), "Bank papers");
        UploadedDocument upload = lockers.upload(resident, "statement.pdf", pdf(), folder);
        lockers.upload(resident, "photo.pdf", pdf(), null);
        String issuedUri = lockers.deliver(resident, "conf-" + System.nanoTime() % 1_000_000);
        StoredTokens.Grant all = lockers.grant(requester, resident, "userdetails", "files.issueddocs",
                "files.uploadeddocs");
        StoredTokens.Grant empty = lockers.grant(requester, lockers.resident(), "userdetails", "files.issueddocs",
                "files.uploadeddocs");
        StoredTokens.Grant userOnly = lockers.grant(requester, resident, "userdetails");
        String[] none = { "X-Forwarded-For", TestRequester.newAddress() };
        cases.add(new Case("user", Request.Method.GET, "/oauth2/1/user", get("/public/oauth2/1/user", all)));
        cases.add(new Case("user v2", Request.Method.GET, "/oauth2/1/user", get("/public/oauth2/2/user", all)));
        cases.add(new Case("user without token", Request.Method.GET, "/oauth2/1/user",
                new WebClient(port).get("/public/oauth2/1/user", none)));
        cases.add(new Case("files root", Request.Method.GET, "/oauth2/1/files/", get("/public/oauth2/1/files/", all)));
        cases.add(new Case("files root empty", Request.Method.GET, "/oauth2/1/files/",
                get("/public/oauth2/1/files/", empty)));
        cases.add(new Case("files root without scope", Request.Method.GET, "/oauth2/1/files/",
                get("/public/oauth2/1/files/", userOnly)));
        cases.add(new Case("files root without token", Request.Method.GET, "/oauth2/1/files/",
                new WebClient(port).get("/public/oauth2/1/files/", none)));
        cases.add(new Case("files folder", Request.Method.GET, "/oauth2/1/files/{id}",
                get("/public/oauth2/1/files/" + folder.id().value(), all)));
        cases.add(new Case("files unknown folder", Request.Method.GET, "/oauth2/1/files/{id}",
                get("/public/oauth2/1/files/" + java.util.UUID.randomUUID(), all)));
        cases.add(new Case("issued v1", Request.Method.GET, "/oauth2/1/files/issued",
                get("/public/oauth2/1/files/issued", all)));
        cases.add(new Case("issued v1 empty", Request.Method.GET, "/oauth2/1/files/issued",
                get("/public/oauth2/1/files/issued", empty)));
        cases.add(new Case("issued v1 without token", Request.Method.GET, "/oauth2/1/files/issued",
                new WebClient(port).get("/public/oauth2/1/files/issued", none)));
        cases.add(new Case("issued v2", Request.Method.GET, "/oauth2/2/files/issued",
                get("/public/oauth2/2/files/issued", all)));
        cases.add(new Case("issued v2 without scope", Request.Method.GET, "/oauth2/2/files/issued",
                get("/public/oauth2/2/files/issued", userOnly)));
        cases.add(new Case("file issued", Request.Method.GET, "/oauth2/1/file/{uri}",
                getBytes("/public/oauth2/1/file/" + issuedUri, all)));
        cases.add(new Case("file uploaded", Request.Method.GET, "/oauth2/1/file/{uri}",
                getBytes("/public/oauth2/1/file/" + org.tijori.gateway.partner.UploadedUri.of(upload.id()), all)));
        cases.add(new Case("file unknown", Request.Method.GET, "/oauth2/1/file/{uri}",
                get("/public/oauth2/1/file/in.gov.nobody-HSCER-1", all)));
        cases.add(new Case("xml", Request.Method.GET, "/oauth2/1/xml/{uri}",
                getBytes("/public/oauth2/1/xml/" + issuedUri, all)));
        cases.add(new Case("xml unknown", Request.Method.GET, "/oauth2/1/xml/{uri}",
                get("/public/oauth2/1/xml/in.gov.nobody-HSCER-1", all)));

        // #19 eaadhaar: a resident holding the card, one without a national ID, a token without the scope.
        ResidentAccount linked = lockers.resident();
        links.link(linked.id(), links.requestLink(linked.id(), new NationalId(DEVI)).token());
        await().atMost(Duration.ofSeconds(30)).until(() -> cards.holds(linked.id()));
        cases.add(new Case("eaadhaar", Request.Method.GET, "/oauth2/2/xml/eaadhaar",
                getBytes("/public/oauth2/2/xml/eaadhaar", lockers.grant(requester, linked, "eaadhaar"))));
        cases.add(new Case("eaadhaar not linked", Request.Method.GET, "/oauth2/2/xml/eaadhaar",
                get("/public/oauth2/2/xml/eaadhaar", lockers.grant(requester, resident, "eaadhaar"))));
        cases.add(new Case("eaadhaar without scope", Request.Method.GET, "/oauth2/2/xml/eaadhaar",
                get("/public/oauth2/2/xml/eaadhaar", userOnly)));

        // #10 to #12, #22: the form credential's operations, answered, with a wrong hmac, without a client ID.
        String orgid = lockers.issuer().issuerId;
        Map<String, Map<String, String>> formOperations = new LinkedHashMap<>();
        formOperations.put("/oauth2/1/pull/issuers", Map.of());
        formOperations.put("/oauth2/1/pull/doctype", Map.of("orgid", orgid));
        formOperations.put("/oauth2/1/pull/parameters", Map.of("orgid", orgid, "doctype", "HSCER"));
        formOperations.put("/statistics/1/counts", Map.of());
        for (Map.Entry<String, Map<String, String>> operation : formOperations.entrySet()) {
            String path = "/public" + operation.getKey();
            cases.add(new Case(operation.getKey(), Request.Method.POST, operation.getKey(),
                    post(path, FormCredentials.form(requester, operation.getValue()))));
            Map<String, String> wrong = new LinkedHashMap<>(FormCredentials.form(requester, operation.getValue()));
            wrong.put("hmac", FormCredentials.hmac("not the secret", requester.clientId, wrong.get("ts")));
            cases.add(new Case(operation.getKey() + " wrong hmac", Request.Method.POST, operation.getKey(),
                    post(path, wrong)));
            cases.add(new Case(operation.getKey() + " no client", Request.Method.POST, operation.getKey(),
                    post(path, operation.getValue())));
        }
        cases.add(new Case("doctype unknown issuer", Request.Method.POST, "/oauth2/1/pull/doctype",
                post("/public/oauth2/1/pull/doctype", FormCredentials.form(requester, Map.of("orgid",
                        "in.gov.nobody")))));

        // #13 pulldocument: the errors that need no issuer's Pull URI endpoint (PartnerPullTests has the others).
        StoredTokens.Grant pull = lockers.grant(requester, resident, "pull");
        cases.add(new Case("pulldocument unknown issuer", Request.Method.POST, "/oauth2/1/pull/pulldocument",
                new WebClient(port).postForm("/public/oauth2/1/pull/pulldocument", PartnerPullTests.pullForm(
                        "in.gov.nobody", "HSCER", "1"), pull.bearer()[0], pull.bearer()[1], "X-Forwarded-For",
                        TestRequester.newAddress())));
        cases.add(new Case("pulldocument without scope", Request.Method.POST, "/oauth2/1/pull/pulldocument",
                new WebClient(port).postForm("/public/oauth2/1/pull/pulldocument", PartnerPullTests.pullForm(
                        orgid, "HSCER", "1"), userOnly.bearer()[0], userOnly.bearer()[1], "X-Forwarded-For",
                        TestRequester.newAddress())));
        cases.add(new Case("pulldocument issuer unreachable", Request.Method.POST, "/oauth2/1/pull/pulldocument",
                new WebClient(port).postForm("/public/oauth2/1/pull/pulldocument", PartnerPullTests.pullForm(
                        orgid, "HSCER", "1234567"), pull.bearer()[0], pull.bearer()[1], "X-Forwarded-For",
                        TestRequester.newAddress())));
        cases.add(new Case("pulldocument without token", Request.Method.POST, "/oauth2/1/pull/pulldocument",
                new WebClient(port).postForm("/public/oauth2/1/pull/pulldocument", PartnerPullTests.pullForm(
                        orgid, "HSCER", "1"), none)));

        // #5 upload: stored, refused for its HMAC, refused for want of the scope (PartnerUploadTests has the rest).
        StoredTokens.Grant uploader = lockers.grant(requester, resident, "files.upload", "files.uploadeddocs");
        byte[] scan = pdf();
        cases.add(new Case("upload", Request.Method.POST, "/oauth2/1/file/upload", upload(uploader, scan,
                "path", "/Bank papers/scan.pdf", "hmac", PartnerFilesTests.hmac(requester.clientSecret, scan))));
        cases.add(new Case("upload wrong hmac", Request.Method.POST, "/oauth2/1/file/upload", upload(uploader, scan,
                "path", "/Bank papers/scan2.pdf", "hmac", PartnerFilesTests.hmac("not the secret", scan))));
        cases.add(new Case("upload without scope", Request.Method.POST, "/oauth2/1/file/upload", upload(userOnly,
                scan, "path", "scan3.pdf", "hmac", PartnerFilesTests.hmac(requester.clientSecret, scan))));

        // #4 device code: a device client asking by mobile, and a client that is not one (DeviceFlowTests: the rest).
        TestRequester device = TestRequester.named("Set-top box").register(new WebClient(port))
                .approve(new WebClient(port), RequesterTestContext.TOKEN, "DEVICE");
        cases.add(new Case("device code", Request.Method.POST, "/oauth2/1/code", post("/public/oauth2/1/code",
                Map.of("client_id", device.clientId, "dl_mobile", resident.mobile().value(), "response_type",
                        "device_code"))));
        cases.add(new Case("device code unknown client", Request.Method.POST, "/oauth2/1/code",
                post("/public/oauth2/1/code", Map.of("client_id", "NOSUCHCLNT", "dl_mobile",
                        resident.mobile().value(), "response_type", "device_code"))));

        // #21, #20 sign-up: refused for a requester an administrator did not let open lockers, and without a client.
        for (String signUp : List.of("/signup/2/demoauth", "/signup/1/demoauthverify")) {
            cases.add(new Case(signUp + " not allowed", Request.Method.POST, signUp, post("/public" + signUp,
                    FormCredentials.form(requester, Map.of()))));
            cases.add(new Case(signUp + " no client", Request.Method.POST, signUp, post("/public" + signUp,
                    Map.of())));
        }

        // #1, #2 (issuer credentials, ADR 16, 17): refusals; issuer.DigiLockerCompatibilityTests has the rest.
        cases.add(new Case("pushuri without credentials", Request.Method.POST, "/account/1/pushuri",
                post("/public/account/1/pushuri", Map.of("uri", issuedUri))));
        cases.add(new Case("verify without credentials", Request.Method.POST, "/account/2/verify",
                post("/public/account/2/verify", Map.of("uid", DEVI))));

        // 429: an address that spent its failures.
        String guesser = TestRequester.newAddress();
        HttpResponse<String> spent = null;
        for (int i = 0; i <= FAILURES_PER_ADDRESS; i++) {
            spent = new WebClient(port).get("/public/oauth2/1/user", "X-Forwarded-For", guesser, "Authorization",
                    "Bearer " + StoredTokens.randomToken());
        }
        assertThat(spent.statusCode()).isEqualTo(429);
        cases.add(new Case("user from an address out of failures", Request.Method.GET, "/oauth2/1/user", spent));

        return cases;
    }

    HttpResponse<String> get(String path, StoredTokens.Grant grant) throws Exception {
        return new WebClient(port).get(path, grant.bearer()[0], grant.bearer()[1], "X-Forwarded-For",
                TestRequester.newAddress());
    }

    HttpResponse<byte[]> getBytes(String path, StoredTokens.Grant grant) throws Exception {
        return new WebClient(port).getBytes(path, grant.bearer()[0], grant.bearer()[1], "X-Forwarded-For",
                TestRequester.newAddress());
    }

    HttpResponse<String> upload(StoredTokens.Grant grant, byte[] body, String... headers) throws Exception {
        List<String> all = new ArrayList<>(List.of(grant.bearer()));
        all.addAll(List.of(headers));
        all.addAll(List.of("X-Forwarded-For", TestRequester.newAddress()));
        return new WebClient(port).post("/public/oauth2/1/file/upload", "application/pdf", body,
                all.toArray(String[]::new));
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        return new WebClient(port).postForm(path, form, "X-Forwarded-For", TestRequester.newAddress());
    }
}
