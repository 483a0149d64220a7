package org.tijori.issuer;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.signing.TestIssuerKeys;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bulk ZIPs over HTTP as an issuer's system, or an attacker holding an issuer's credentials, would send them:
 * ZIP bombs and ZIPs of too many files are refused while they are read, inflated once and no further than a
 * limit, and leave nothing behind; issuers take turns, so one issuer's large ZIP does not hold back another's
 * small one; an upload whose node died is taken over. The limits are lowered so that each case runs in
 * seconds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.admin.bootstrap-token=" + BulkPublicationTests.TOKEN, "tijori.issuer.registrations-per-address=1000",
        "tijori.issuer.max-push-size=256KB", "tijori.issuer.max-bulk-files=1000",
        "tijori.issuer.max-bulk-unpacked-size=16MB", "tijori.issuer.bulk-workers=2",
        "tijori.issuer.bulk-slice=200ms", "tijori.issuer.bulk-lease=3s" })
class BulkPublicationTests {

    static final String TOKEN = "bulk-tests-bootstrap-token-0123456789";

    static final String BULK = "/public/issuer/issuedoc/1/bulk";

    /** People of the demo ID registry. */
    static final String AARAV = "999941057058";

    static final AtomicInteger issuers = new AtomicInteger();

    /** One file of a gibibyte of zeros: about a mebibyte once deflated. */
    static byte[] bomb;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    IssuedDocuments documents;

    WebClient http() {
        return new WebClient(port);
    }

    @Test
    void refusesAZipBombAfterInflatingNoMoreThanTheFileLimitAndKeepsNothing() throws Exception {
        TestIssuer issuer = approvedIssuer();
        byte[] zip = bomb();
        assertThat(zip.length).as("the bomb is small").isLessThan(2 << 20);
        awaitIdle();
        long blobs = count("storage_blob");
        long intents = count("storage_blob_intent");
        double inflatedBefore = inflated();

        HttpResponse<String> refused = upload(issuer, zip);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(413);
        assertThat(refused.body()).contains("\"error\":\"file_too_large\"", "zeros.xml", "256 KB")
                .doesNotContain("Exception");
        assertThat(meters.find("tijori.issuer.bulk.inflated").counter()).as("the bytes inflated are counted").isNotNull();
        assertThat(inflated() - inflatedBefore).as("inflated once, and only up to the limit and one chunk")
                .isLessThanOrEqualTo(256 * 1024 + 64 * 1024);
        assertNothingKeptFor(issuer, blobs, intents);
    }

    @Test
    void refusesAZipOfMoreFilesThanAllowedAndWritesNoRowPastTheLimit() throws Exception {
        TestIssuer issuer = approvedIssuer();
        var zipped = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(zipped)) {
            for (int i = 0; i < 100_000; i++) {
                zip.putNextEntry(new ZipEntry("f" + i));
                zip.write('x');
                zip.closeEntry();
            }
        }
        awaitIdle();
        long blobs = count("storage_blob");
        long intents = count("storage_blob_intent");
        long items = count("issuer_bulk_item");
        double inflatedBefore = inflated();

        HttpResponse<String> refused = upload(issuer, zipped.toByteArray());

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(413);
        assertThat(refused.body()).contains("\"error\":\"too_many_files\"", "more than 1000 files");
        assertThat(inflated() - inflatedBefore).as("counting stops at the limit").isLessThanOrEqualTo(1_000);
        assertNothingKeptFor(issuer, blobs, intents);
        assertThat(count("issuer_bulk_item")).as("no report row at all").isEqualTo(items);
    }

    @Test
    void refusesAZipWhoseFilesTogetherTakeMoreThanAllowedOnceUnpacked() throws Exception {
        TestIssuer issuer = approvedIssuer();
        var zipped = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(zipped)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            byte[] zeros = new byte[250 * 1024];
            for (int i = 0; i < 80; i++) {
                zip.putNextEntry(new ZipEntry("zeros-" + i + ".xml"));
                zip.write(zeros);
                zip.closeEntry();
            }
        }
        awaitIdle();
        long blobs = count("storage_blob");
        long intents = count("storage_blob_intent");
        double inflatedBefore = inflated();

        HttpResponse<String> refused = upload(issuer, zipped.toByteArray());

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(413);
        assertThat(refused.body()).contains("\"error\":\"unpacked_too_large\"", "16 MB");
        assertThat(inflated() - inflatedBefore).isLessThanOrEqualTo((16 << 20) + 64 * 1024);
        assertNothingKeptFor(issuer, blobs, intents);
    }

    @Test
    void refusesAnUploadThatIsNotAReadableZip() throws Exception {
        TestIssuer issuer = approvedIssuer();
        byte[] whole = zipOf(issuer, 3, "NZ");
        awaitIdle();
        long blobs = count("storage_blob");
        long intents = count("storage_blob_intent");

        HttpResponse<String> garbage = upload(issuer, "this is not a ZIP".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> cut = upload(issuer, java.util.Arrays.copyOf(whole, whole.length / 2));

        for (HttpResponse<String> refused : List.of(garbage, cut)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("\"error\":\"invalid_zip\"").doesNotContain("Exception");
        }
        assertNothingKeptFor(issuer, blobs, intents);
    }

    @Test
    void tellsAnIssuerInThePortalInItsLanguageWhyItsZipWasRefused() throws Exception {
        TestIssuer issuer = approvedIssuer();
        WebClient web = http();
        HttpResponse<String> signedIn = web.submit("/issuer/login", "/issuer/login",
                Map.of("clientId", issuer.clientId, "clientSecret", issuer.clientSecret));
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
        String csrf = WebClient.csrfTokenOf(web.get("/issuer").body());

        HttpResponse<String> refused = web.postMultipart("/issuer/bulk", Map.of("_csrf", csrf), "zip", "bomb.zip", bomb(),
                "HX-Request", "true", "Accept-Language", "hi");

        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.body()).contains("फ़ाइल zeros.xml खोलने पर 256 KB से बड़ी है।");
        assertThat(count("issuer_bulk where issuer_id = '" + issuer.issuerId + "'")).isZero();
    }

    @Test
    void aSecondIssuersSmallZipIsPublishedWhileTheFirstIssuersLargeOneRuns() throws Exception {
        TestIssuer first = approvedIssuer();
        TestIssuer second = approvedIssuer();
        byte[] large = zipOf(first, 300, "L");
        byte[] small = zipOf(second, 3, "S");

        String largeId = accepted(upload(first, large));
        await().atMost(Duration.ofMinutes(1)).until(() -> progress(first, largeId).contains("\"status\":\"RUNNING\""));
        String smallId = accepted(upload(second, small));
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50))
                .until(() -> progress(second, smallId).contains("\"status\":\"DONE\""));
        String largeMeanwhile = progress(first, largeId);

        assertThat(progress(second, smallId)).contains("\"total\":3", "\"processed\":3", "\"published\":3");
        assertThat(largeMeanwhile).as("the first issuer's ZIP is still being published").contains("\"status\":\"RUNNING\"")
                .doesNotContain("\"processed\":300");
        await().atMost(Duration.ofMinutes(3)).until(() -> progress(first, largeId).contains("\"status\":\"DONE\""));
        assertThat(progress(first, largeId)).contains("\"total\":300", "\"processed\":300", "\"published\":300");
        assertThat(report(first, largeId)).hasSize(301);
    }

    @Test
    void anUploadWhoseNodeDiedIsTakenOverOnceItsLeaseRunsOutWithEveryFileOnce() throws Exception {
        TestIssuer issuer = approvedIssuer();
        String id = accepted(upload(issuer, zipOf(issuer, 200, "T")));
        await().atMost(Duration.ofMinutes(1)).until(() -> jdbc.sql(
                "select count(*) from issuer_bulk_item where bulk_id = ?::uuid").param(id).query(Long.class).single() > 0);

        // Another node takes the upload over and dies at once, holding it for six seconds. This node's slice
        // under way ends with the files it had handed over.
        jdbc.sql("""
                update issuer_bulk set lease_token = gen_random_uuid(), lease_until = now() + interval '6 seconds'
                where id = ?::uuid""").param(id).update();
        Thread.sleep(2_500);
        String held = progress(issuer, id);
        assertThat(held).as("still under way when its node died").contains("\"status\":\"RUNNING\"");
        Thread.sleep(2_000);
        assertThat(progress(issuer, id)).as("nobody works on an upload another node holds").isEqualTo(held);

        await().atMost(Duration.ofMinutes(3)).until(() -> progress(issuer, id).contains("\"status\":\"DONE\""));
        assertThat(progress(issuer, id)).contains("\"total\":200", "\"processed\":200", "\"published\":200");
        List<String> lines = report(issuer, id);
        assertThat(lines).hasSize(201);
        assertThat(lines.stream().skip(1).map(line -> line.substring(0, line.indexOf(','))).distinct()).hasSize(200);
    }

    /**
     * Files are published a group to a transaction. A file refused only once its group had written (here the
     * second add of one URI) rolls the group back, and each of its files is then published alone: the
     * outcomes are those of files sent one by one, in order, each recorded once.
     */
    @Test
    void aFileRefusedAfterItsGroupWroteLeavesTheOtherFilesOfTheGroupAsTheyWouldBeAlone() throws Exception {
        TestIssuer issuer = approvedIssuer();
        String[][] pushes = { { "G0", "A" }, { "G1", "A" }, { "G2", "A" }, { "G1", "A" }, { "G2", "U" }, { "G0", "D" },
                { "G3", "A" } };
        var zipped = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(zipped)) {
            for (int i = 0; i < pushes.length; i++) {
                zip.putNextEntry(new ZipEntry("push-" + i + ".xml"));
                zip.write(issuer.pushRequest(AARAV, "HSCER", pushes[i][0], pushes[i][1],
                        issuer.signedCertificate("HSCER", pushes[i][0], AARAV, "Aarav Sharma"))
                        .getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }

        String id = accepted(upload(issuer, zipped.toByteArray()));
        await().atMost(Duration.ofMinutes(1)).until(() -> progress(issuer, id).contains("\"status\":\"DONE\""));

        assertThat(progress(issuer, id)).contains("\"processed\":7", "\"published\":6", "\"refused\":1");
        List<String> lines = report(issuer, id);
        assertThat(lines).hasSize(8);
        assertThat(lines.get(4)).startsWith("4,push-3.xml,refused,,uri_exists,");
        assertThat(lines.get(5)).startsWith("5,push-4.xml,published," + issuer.issuerId + "-HSCER-G2,");
        assertThat(documents.versions(DocumentUri.parse(issuer.issuerId + "-HSCER-G2"))).extracting(d -> d.status())
                .as("the update made a second version").containsExactly(DocumentStatus.ACTIVE, DocumentStatus.SUPERSEDED);
        assertThat(documents.versions(DocumentUri.parse(issuer.issuerId + "-HSCER-G1"))).hasSize(1);
        assertThat(documents.versions(DocumentUri.parse(issuer.issuerId + "-HSCER-G0"))).extracting(d -> d.status())
                .containsExactly(DocumentStatus.DELETED);
        assertThat(documents.versions(DocumentUri.parse(issuer.issuerId + "-HSCER-G3"))).hasSize(1);
        assertThat(count("issuer_document d where d.issuer_id = '" + issuer.issuerId
                + "' and not exists (select 1 from storage_blob b where b.id = d.xml_blob)"))
                .as("every version's XML is kept").isZero();
    }

    // --- how requests are made: the one place that says how a bulk request proves its issuer

    private HttpResponse<String> bulkRequest(TestIssuer issuer, String path, byte[] zip) throws Exception {
        if (zip == null) {
            return http().get(path, issuer.signedHeaders("GET", path, null));
        }
        return http().post(path, "application/zip", zip, issuer.signedHeaders("POST", path, zip));
    }

    private HttpResponse<String> upload(TestIssuer issuer, byte[] zip) throws Exception {
        return bulkRequest(issuer, BULK, zip);
    }

    private String progress(TestIssuer issuer, String id) throws Exception {
        return bulkRequest(issuer, BULK + "/" + id, null).body();
    }

    private List<String> report(TestIssuer issuer, String id) throws Exception {
        HttpResponse<String> report = bulkRequest(issuer, BULK + "/" + id + "/report", null);
        assertThat(report.statusCode()).isEqualTo(200);
        return report.body().lines().toList();
    }

    private static String accepted(HttpResponse<String> upload) {
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
        return TestIssuer.field(upload.body(), "bulkId");
    }

    /**
     * Waits until no upload of another test is being published: counts of blobs taken before a refused upload
     * must not move for another reason.
     */
    private void awaitIdle() {
        await().atMost(Duration.ofMinutes(3)).until(() -> count("issuer_bulk where status in ('QUEUED', 'RUNNING')") == 0);
    }

    private void assertNothingKeptFor(TestIssuer issuer, long blobs, long intents) {
        assertThat(count("issuer_bulk where issuer_id = '" + issuer.issuerId + "'")).as("no upload row").isZero();
        assertThat(count("storage_blob")).as("no blob").isEqualTo(blobs);
        assertThat(count("storage_blob_intent")).as("no blob left to collect").isEqualTo(intents);
    }

    /** A ZIP of {@code files} signed pushes about Aarav, each a document of its own. */
    private static byte[] zipOf(TestIssuer issuer, int files, String prefix) throws Exception {
        var zipped = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(zipped)) {
            for (int i = 0; i < files; i++) {
                zip.putNextEntry(new ZipEntry("push-" + i + ".xml"));
                zip.write(issuer.pushRequest(AARAV, "HSCER", prefix + i, "A",
                        issuer.signedCertificate("HSCER", prefix + i, AARAV, "Aarav Sharma"))
                        .getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return zipped.toByteArray();
    }

    private static synchronized byte[] bomb() throws Exception {
        if (bomb == null) {
            var zipped = new ByteArrayOutputStream();
            try (var zip = new ZipOutputStream(zipped)) {
                zip.setLevel(Deflater.BEST_COMPRESSION);
                zip.putNextEntry(new ZipEntry("zeros.xml"));
                byte[] zeros = new byte[1 << 20];
                for (int i = 0; i < 1024; i++) {
                    zip.write(zeros);
                }
                zip.closeEntry();
            }
            bomb = zipped.toByteArray();
        }
        return bomb;
    }

    /** The bytes of bulk ZIPs' files inflated so far. */
    private double inflated() {
        var counter = meters.find("tijori.issuer.bulk.inflated").counter();
        return counter == null ? 0 : counter.count();
    }

    private TestIssuer approvedIssuer() throws Exception {
        TestIssuer issuer = new TestIssuer("in.gov.bulk" + issuers.incrementAndGet(), TestIssuerKeys.generate("Board"));
        return issuer.registerAndApprove(http(), issuer.registrationJson("HSCER"), TOKEN);
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }
}
