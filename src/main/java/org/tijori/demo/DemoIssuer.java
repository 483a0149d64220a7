package org.tijori.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.StateDirectory;
import org.tijori.account.AdministrationProperties;
import org.tijori.identity.IdAuthority;
import org.tijori.identity.IdentityRecord;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.IssuedDocument;
import org.tijori.issuer.IssuedDocuments;
import org.tijori.signing.SecureXml;
import org.tijori.signing.XmlRejectedException;
import org.tijori.signing.XmlSignatures;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * A demo issuer beside Tijori, as a separate issuer's system would be: on the first start it makes its
 * signing key, registers through Tijori's public API, has itself approved with the bootstrap token and
 * pushes signed sample documents to demo residents; it answers Tijori's Pull URI requests; and
 * {@link #publish()} publishes the samples again on demand. Only with the {@code demo} profile.
 */
@Service
@Profile("demo")
public class DemoIssuer {

    private static final Logger log = LoggerFactory.getLogger(DemoIssuer.class);

    /** The demo issuer's ID: lower-case words joined by dots, as Tijori's issuer IDs are. */
    public static final String ISSUER_ID = "in.gov.demo.board";

    /** How many people of the demo registry get their documents pushed; the others can find theirs by Pull URI. */
    static final int PUSHED_RESIDENTS = 4;

    static final String FOLDER = "demo-issuer";

    static final String PUBLISHED_MARKER = "published";

    /** As DigiLocker: a request older than this, or ahead of the clock by more than a minute, is refused. */
    private static final Duration REQUEST_LIFETIME = Duration.ofMinutes(30);

    private static final int MAX_PULL_REQUEST_BYTES = 64 * 1024;

    private static final DateTimeFormatter TS = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final Path folder;

    private final IdAuthority ids;

    private final IssuedDocuments repository;

    private final JsonMapper json;

    private final Clock clock;

    private final String bootstrapToken;

    private volatile SampleCatalogue catalogue;

    private volatile DemoIssuerKeys keys;

    private volatile DemoIssuerCredentials credentials;

    private volatile TijoriIssuerApi tijori;

    DemoIssuer(StateDirectory state, IdAuthority ids, IssuedDocuments repository, JsonMapper json, Clock clock,
            AdministrationProperties admin) {
        if (!admin.hasBootstrapToken()) {
            throw new IllegalStateException("The demo profile needs tijori.admin.bootstrap-token: the demo issuer "
                    + "approves itself with it. application-demo.properties sets a demo-only token; do not blank it.");
        }
        this.folder = state.root().resolve(FOLDER);
        this.ids = ids;
        this.repository = repository;
        this.json = json;
        this.clock = clock;
        this.bootstrapToken = admin.bootstrapToken();
    }

    /** Sets the demo issuer up once Tijori answers HTTP, and publishes the samples on the first start only. */
    @EventListener
    void onReady(ApplicationReadyEvent event) {
        if (!(event.getApplicationContext() instanceof ServletWebServerApplicationContext web)
                || web.getWebServer() == null) {
            log.warn("The demo issuer needs Tijori's web server, which is not running; it does nothing.");
            return;
        }
        // Tijori calls the demo issuer in the same process: the local address always reaches it, where
        // tijori.base-url may name a proxy this machine cannot call back through.
        String base = "http://localhost:" + web.getWebServer().getPort() + web.getServletContext().getContextPath();
        try {
            start(base);
        }
        catch (RuntimeException e) {
            log.error("The demo issuer could not set itself up: {}. Tijori runs on; POST /api/v1/admin/demo/publish "
                    + "tries again.", e.getMessage(), e);
        }
    }

    synchronized void start(String base) {
        tijori = new TijoriIssuerApi(base, bootstrapToken);
        catalogue = SampleCatalogue.of(ids, json);
        keys = DemoIssuerKeys.loadOrCreate(folder, "Demo Issuing Board");
        credentials = DemoIssuerCredentials.load(folder).orElseGet(this::join);
        if (catalogue.people().isEmpty()) {
            log.warn("Demo issuer {} has no one to publish to: none of the demo registry's people is in the "
                    + "configured ID registry (tijori.identity.registry-file).", ISSUER_ID);
            return;
        }
        if (hasPublished()) {
            log.info("Demo issuer {} is ready; its sample documents were published on an earlier start; {}",
                    ISSUER_ID, howToSee());
            return;
        }
        Publication publication = publish();
        if (publication.refused().isEmpty()) {
            markPublished();
        }
        log.info("Demo issuer {} published {} documents; {}", ISSUER_ID, publication.added() + publication.updated(),
                howToSee());
    }

    /**
     * Pushes every pushed sample document: added where Tijori does not hold it yet, as a new version where it
     * does.
     *
     * @throws IllegalStateException when the demo issuer has not been set up (Tijori's web server is not running)
     */
    public synchronized Publication publish() {
        if (credentials == null) {
            throw new IllegalStateException("The demo issuer is not set up; see the log of the start-up.");
        }
        int added = 0;
        int updated = 0;
        List<String> refused = new ArrayList<>();
        List<String> uris = new ArrayList<>();
        for (SampleDocument sample : catalogue.documentsOfFirst(PUSHED_RESIDENTS)) {
            HttpResponse<String> answer = push(sample, "A");
            if (answer.statusCode() == 409 && answer.body().contains("code=\"uri_exists\"")) {
                answer = push(sample, "U");
                if (answer.statusCode() == 200) {
                    updated++;
                }
            }
            else if (answer.statusCode() == 200) {
                added++;
            }
            if (answer.statusCode() == 200) {
                uris.add(sample.uri());
            }
            else {
                refused.add(sample.uri() + ": " + answer.statusCode() + " " + answer.body());
                log.warn("Tijori refused the demo issuer's push of {}: {} {}", sample.uri(), answer.statusCode(),
                        answer.body());
            }
        }
        return new Publication(added, updated, uris, refused);
    }

    /** Each pushed sample document and what Tijori's repository holds of it now. */
    public List<SampleState> samples() {
        if (catalogue == null) {
            return List.of();
        }
        return catalogue.documentsOfFirst(PUSHED_RESIDENTS).stream().map(sample -> {
            Optional<IssuedDocument> latest = repository.versions(DocumentUri.parse(sample.uri())).stream().findFirst();
            return new SampleState(sample.uri(), sample.docName(), sample.uid().masked(),
                    latest.map(IssuedDocument::version).orElse(0),
                    latest.map(document -> document.status().name()).orElse("NOT_PUBLISHED"),
                    latest.map(IssuedDocument::deliveredAt).orElse(null));
        }).toList();
    }

    /**
     * Answers Tijori's {@code PullURIRequest} (API.md 4.4) with DigiLocker's {@code PullURIResponse}: 1 with the
     * signed Certificate XML when a sample matches the search parameters and belongs to the resident's national
     * ID, 9 for a roll number that starts with {@code PENDING}, 0 otherwise.
     *
     * @param hmac the {@code x-digilocker-hmac} header: Base64 HMAC-SHA256 of the body with the API key
     */
    public PullAnswer answerPull(byte[] body, String hmac) {
        DemoIssuerCredentials current = credentials;
        if (current == null) {
            return new PullAnswer(503, error("not_ready", "The demo issuer is not set up yet."));
        }
        byte[] expected = TijoriIssuerApi.hmac(body, current.apiKey());
        byte[] offered;
        try {
            offered = hmac == null ? new byte[0] : Base64.getDecoder().decode(hmac.strip());
        }
        catch (IllegalArgumentException e) {
            offered = new byte[0];
        }
        if (!MessageDigest.isEqual(expected, offered)) {
            return new PullAnswer(401, error("invalid_hmac", "x-digilocker-hmac does not match the body."));
        }
        Element root;
        try {
            root = SecureXml.parse(body, MAX_PULL_REQUEST_BYTES).getDocumentElement();
        }
        catch (XmlRejectedException e) {
            return new PullAnswer(400, error("invalid_xml", e.getMessage()));
        }
        String ts = root.getAttribute("ts");
        String txn = root.getAttribute("txn");
        if (!"PullURIRequest".equals(root.getLocalName()) || !ISSUER_ID.equals(root.getAttribute("orgId"))) {
            return new PullAnswer(400, error("invalid_request", "A PullURIRequest to " + ISSUER_ID + " is expected."));
        }
        if (!MessageDigest.isEqual(TijoriIssuerApi.keyhash(current.apiKey(), ts).getBytes(StandardCharsets.US_ASCII),
                root.getAttribute("keyhash").getBytes(StandardCharsets.US_ASCII))) {
            return new PullAnswer(401, error("invalid_keyhash", "keyhash does not match the API key and ts."));
        }
        if (!fresh(ts)) {
            return new PullAnswer(401, error("expired_request", "ts is too old or in the future."));
        }
        Map<String, String> details = details(root);
        String docType = details.getOrDefault("DocType", "");
        if (SampleCatalogue.MARKSHEET.equals(docType) && details.getOrDefault("rollno", "").strip().toUpperCase(
                java.util.Locale.ROOT).startsWith("PENDING")) {
            return new PullAnswer(200, response("9", ts, txn, ""));
        }
        Optional<SampleDocument> found = catalogue.find(docType, details)
                // The issuer gives a document only to the person it was issued to.
                .filter(sample -> sample.uid().value().equals(details.getOrDefault("UID", "").strip()));
        if (found.isEmpty()) {
            return new PullAnswer(200, response("0", ts, txn, ""));
        }
        SampleDocument sample = found.get();
        String content = Base64.getEncoder().encodeToString(sign(sample));
        return new PullAnswer(200, response("1", ts, txn, "<DocDetails><DocType>" + sample.docType() + "</DocType><URI>"
                + sample.uri() + "</URI><DataContent>" + content + "</DataContent></DocDetails>"));
    }

    /** What came of publishing the samples. */
    public record Publication(int added, int updated, List<String> uris, List<String> refused) {

        public Publication {
            uris = List.copyOf(uris);
            refused = List.copyOf(refused);
        }
    }

    /** A pushed sample document and its latest version in Tijori's repository. */
    public record SampleState(String uri, String docName, String nationalId, int version, String status,
            Instant deliveredAt) {
    }

    /** An HTTP status and the XML body to answer a Pull URI request with. */
    public record PullAnswer(int status, String xml) {
    }

    private DemoIssuerCredentials join() {
        HttpResponse<String> registered = tijori.register(registration());
        HttpResponse<String> approved;
        if (registered.statusCode() == 202) {
            approved = tijori.administer(ISSUER_ID, "approve", "");
        }
        else if (registered.statusCode() == 409) {
            // Tijori's database knows the issuer but its credentials file was lost: take the current key and new
            // credentials, as an issuer that lost its secrets would ask an administrator to.
            HttpResponse<String> replaced = tijori.administer(ISSUER_ID, "certificates",
                    json.writeValueAsString(Map.of("signingCertificatePem", keys.certificatePem())));
            if (replaced.statusCode() != 200 && replaced.statusCode() != 409) {
                throw refusedBy("replacing the demo issuer's certificate", replaced);
            }
            approved = tijori.administer(ISSUER_ID, "approve", "");
            if (approved.statusCode() == 409) {
                approved = tijori.administer(ISSUER_ID, "credentials", "");
            }
        }
        else {
            throw refusedBy("registering the demo issuer", registered);
        }
        if (approved.statusCode() != 200) {
            throw refusedBy("approving the demo issuer", approved);
        }
        JsonNode answer = json.readTree(approved.body());
        DemoIssuerCredentials issued = new DemoIssuerCredentials(answer.path("clientId").asString(),
                answer.path("clientSecret").asString(), answer.path("apiKey").asString());
        issued.save(folder);
        log.info("Demo issuer {} registered and approved; its credentials are kept in {}", ISSUER_ID, folder);
        return issued;
    }

    private String registration() {
        ObjectNode registration = json.createObjectNode()
                .put("issuerId", ISSUER_ID)
                .put("name", "Demo Issuing Board (sample documents, not real)")
                .put("category", "other")
                .put("contactEmail", "demo-issuer@example.in")
                .put("pullUriUrl", tijori.base() + "/demo-issuer/pull")
                .put("signingCertificatePem", keys.certificatePem());
        ArrayNode docTypes = registration.putArray("docTypes");
        docType(docTypes, SampleCatalogue.MARKSHEET, "Class XII Marksheet", "Marks of the senior school examination",
                "rollno", "Roll number", "41057058", "year", "Year of passing", "2006");
        docType(docTypes, SampleCatalogue.DRIVING_LICENCE, "Driving Licence", "Licence to drive motor vehicles",
                "dlno", "Driving licence number", "DL0420071057058");
        docType(docTypes, SampleCatalogue.INCOME_CERTIFICATE, "Income Certificate",
                "Annual family income for a financial year", "certno", "Certificate number", "INC2026057058");
        return json.writeValueAsString(registration);
    }

    /**
     * A doc type with its search parameters, three strings each: paramname, label, example. Its searches need
     * the resident's national ID and nothing else of the resident: the demo issuer gives a document only to the
     * person it names.
     */
    private static void docType(ArrayNode docTypes, String code, String name, String description, String... parameters) {
        ObjectNode docType = docTypes.addObject().put("code", code).put("name", name).put("description", description);
        docType.putArray("residentFields").add("UID");
        ArrayNode search = docType.putArray("searchParameters");
        for (int i = 0; i < parameters.length; i += 3) {
            search.addObject().put("paramname", parameters[i]).put("label", parameters[i + 1])
                    .put("example", parameters[i + 2]);
        }
    }

    private HttpResponse<String> push(SampleDocument sample, String action) {
        String ts = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.ofHoursMinutes(5, 30)).withNano(0)
                .format(TS);
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<PushUriRequest ver=\"1.0\" ts=\"" + ts + "\" txn=\"" + UUID.randomUUID() + "\" orgId=\"" + ISSUER_ID
                + "\" keyhash=\"" + TijoriIssuerApi.keyhash(credentials.apiKey(), ts) + "\"><UriDetails>"
                + "<Aadhaar>" + sample.uid().value() + "</Aadhaar><DocType>" + sample.docType() + "</DocType>"
                + "<DocId>" + sample.docId() + "</DocId><DocName>" + sample.docName() + "</DocName>"
                + "<IssuedOn>" + day(sample.issuedOn()) + "</IssuedOn><ValidFrom>" + day(sample.validFrom())
                + "</ValidFrom><ValidTo>" + day(sample.validTo()) + "</ValidTo><Action>" + action + "</Action>"
                + "<DataContent>" + Base64.getEncoder().encodeToString(sign(sample)) + "</DataContent>"
                + "</UriDetails></PushUriRequest>";
        return tijori.push(body.getBytes(StandardCharsets.UTF_8), credentials);
    }

    private byte[] sign(SampleDocument sample) {
        Document certificate = SecureXml.parse(sample.certificateXml().getBytes(StandardCharsets.UTF_8), 1 << 20);
        XmlSignatures.sign(certificate, keys.privateKey(), keys.certificate());
        return SecureXml.serialize(certificate);
    }

    private boolean fresh(String ts) {
        try {
            Instant sent = OffsetDateTime.parse(ts, TS).toInstant();
            Instant now = clock.instant();
            return !sent.isBefore(now.minus(REQUEST_LIFETIME)) && !sent.isAfter(now.plus(Duration.ofMinutes(1)));
        }
        catch (DateTimeParseException e) {
            return false;
        }
    }

    /** The children of DocDetails by local name: DocType, UID, the search parameters. */
    private static Map<String, String> details(Element root) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Node node = root.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element details && "DocDetails".equals(details.getLocalName())) {
                for (Node child = details.getFirstChild(); child != null; child = child.getNextSibling()) {
                    if (child instanceof Element element) {
                        values.putIfAbsent(element.getLocalName(), element.getTextContent());
                    }
                }
            }
        }
        return values;
    }

    private static String response(String status, String ts, String txn, String details) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><PullURIResponse><ResponseStatus Status=\"" + status
                + "\" ts=\"" + SecureXml.escape(ts) + "\" txn=\"" + SecureXml.escape(txn) + "\"/>"
                + details + "</PullURIResponse>";
    }

    private static String error(String code, String text) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><PullURIResponse><ResponseStatus Status=\"0\"/><Error code=\""
                + code + "\">" + SecureXml.escape(text) + "</Error></PullURIResponse>";
    }

    private String howToSee() {
        IdentityRecord first = catalogue.people().get(0);
        String uid = first.uid().value();
        return "sign up with mobile " + first.mobile().value() + " and link national ID " + uid.substring(0, 4) + " "
                + uid.substring(4, 8) + " " + uid.substring(8) + " to see them";
    }

    boolean hasPublished() {
        return Files.exists(folder.resolve(PUBLISHED_MARKER));
    }

    private void markPublished() {
        try {
            DemoFiles.writePrivately(folder.resolve(PUBLISHED_MARKER), clock.instant() + "\n");
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + folder.resolve(PUBLISHED_MARKER), e);
        }
    }

    private static String day(java.time.LocalDate date) {
        return date == null ? "" : date.format(DateTimeFormatter.ofPattern("dd-MM-uuuu"));
    }

    private static IllegalStateException refusedBy(String what, HttpResponse<String> answer) {
        return new IllegalStateException("Tijori refused " + what + ": " + answer.statusCode() + " " + answer.body());
    }
}
