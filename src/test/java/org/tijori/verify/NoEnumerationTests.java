package org.tijori.verify;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.util.Base64URL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.tijori.TijoriProperties;
import org.tijori.WebClient;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.IssuedDocuments;
import org.tijori.issuer.TestIssuer;
import org.tijori.issuer.VerifiableDocuments;
import org.tijori.verify.proof.ProofClaims;
import org.tijori.verify.proof.ProofKey;
import org.tijori.verify.proof.ProofKeys;
import org.tijori.verify.proof.ProofSigner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;

/**
 * No enumeration (ADR 22): URIs are guessable, so every link without a genuine proof of this installation for its
 * URI is answered exactly as a URI that does not exist, page and JSON alike, without the repository being read,
 * and in about the same time. The limits are raised here: they have tests of their own.
 */
@VerifyTestContext
@TestPropertySource(properties = { "tijori.verify.refusals-per-address=1000000",
        "tijori.verify.requests-per-address=1000000" })
class NoEnumerationTests {

    static final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    IssuedDocuments documents;

    @Autowired
    TijoriProperties tijori;

    @Autowired
    ProofKeys keys;

    @Autowired
    ProofSigner signer;

    @MockitoSpyBean
    VerifiableDocuments repository;

    @Autowired
    JdbcClient jdbc;

    String base;

    String known;

    String genuine;

    String otherUri;

    String otherProof;

    @BeforeEach
    void publish() throws Exception {
        base = tijori.baseUrl().toString().replaceAll("/$", "");
        var published = new PublishedDocuments(port, accounts, documents);
        TestIssuer issuer = published.issuer();
        ResidentAccount resident = published.resident();
        known = published.push(issuer, resident, "ENUM" + PublishedDocuments.counter.incrementAndGet(), "Aarav Sharma");
        otherUri = published.push(issuer, resident, "ENUM" + PublishedDocuments.counter.incrementAndGet(), "Meera Iyer");
        genuine = proofOf(resident, known);
        otherProof = proofOf(resident, otherUri);
        Mockito.clearInvocations(repository);
    }

    String proofOf(ResidentAccount resident, String uri) throws Exception {
        String link = documents.verificationLink(resident.id(), DocumentUri.parse(uri)).orElseThrow();
        return link.substring(link.indexOf("?p=") + 3);
    }

    ProofKey signingKey() {
        return keys.all().stream().filter(key -> key.privateKey() != null).findFirst().orElseThrow();
    }

    /** Every kind of refused link that never needs the repository, by name: a path and its query. */
    Map<String, String> refusedWithoutLookup() throws Exception {
        String[] parts = genuine.split("\\.");
        ProofKey key = signingKey();
        String kid = key.kid();
        char changed = parts[1].charAt(10) == 'A' ? 'B' : 'A';
        String altered = parts[0] + "." + parts[1].substring(0, 10) + changed + parts[1].substring(11) + "." + parts[2];
        String hsInput = ProofCheckTests.unsigned("{\"alg\":\"HS256\",\"kid\":\"" + kid + "\"}", parts[1]);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.publicKey().getEncoded(), "HmacSHA256"));
        String hs256 = hsInput + "." + Base64URL.encode(mac.doFinal(hsInput.getBytes(StandardCharsets.US_ASCII)));
        ProofKey stranger = ProofKey.generate(1, Instant.now(), Instant.EPOCH);
        String otherInstallation = new ProofSigner(new ProofKeys(List.of(stranger)), "https://elsewhere.example.in",
                Clock.systemUTC()).link(subjectOf(known)).replaceFirst(".*\\?p=", "");
        String unknownKid = ProofCheckTests.signed("{\"alg\":\"ES256\",\"kid\":\"AAAAAAAAAAA\"}", parts[1], stranger);
        String sameKidOtherKey = ProofCheckTests.signed("{\"alg\":\"ES256\",\"kid\":\"" + kid + "\"}", parts[1],
                stranger);

        Map<String, String> links = new LinkedHashMap<>();
        links.put("unknown URI", "/verify/in.gov.nobody-HSCER-1?p=" + genuine);
        links.put("unknown URI without p", "/verify/in.gov.nobody-HSCER-1");
        links.put("malformed URI", "/verify/not-a-uri?p=" + genuine);
        links.put("no URI", "/verify/?p=" + genuine);
        links.put("malformed URI with slashes", "/verify/a/b/c/..x?p=" + genuine);
        links.put("known URI without p", "/verify/" + known);
        links.put("empty p", "/verify/" + known + "?p=");
        links.put("over-long p", "/verify/" + known + "?p=" + "A".repeat(2049));
        links.put("junk", "/verify/" + known + "?p=not-a-jws");
        links.put("two p", "/verify/" + known + "?p=" + genuine + "&p=" + genuine);
        links.put("alg none", "/verify/" + known + "?p="
                + ProofCheckTests.unsigned("{\"alg\":\"none\",\"kid\":\"" + kid + "\"}", parts[1]) + ".");
        links.put("alg none signed", "/verify/" + known + "?p="
                + ProofCheckTests.signed("{\"alg\":\"none\",\"kid\":\"" + kid + "\"}", parts[1], key));
        links.put("HS256 keyed by the public key", "/verify/" + known + "?p=" + hs256);
        links.put("unknown kid", "/verify/" + known + "?p=" + unknownKid);
        links.put("the same kid, another key", "/verify/" + known + "?p=" + sameKidOtherKey);
        links.put("another installation", "/verify/" + known + "?p=" + otherInstallation);
        links.put("altered payload", "/verify/" + known + "?p=" + altered);
        links.put("another document's proof", "/verify/" + known + "?p=" + otherProof);
        return links;
    }

    org.tijori.issuer.ProofSubject subjectOf(String uri) {
        return new org.tijori.issuer.ProofSubject(DocumentUri.parse(uri), 1, java.time.LocalDate.of(2014, 5, 15),
                "Aarav Sharma", null);
    }

    /** Refused links of this installation's own key, which do read the repository: it holds nothing for them. */
    Map<String, String> refusedAfterLookup() {
        ProofClaims real = ((org.tijori.verify.proof.ProofOutcome.Verified) checkOf(genuine)).claims();
        String otherSha = "A".repeat(43);
        String wrongXml = signer.sign(new ProofClaims(real.uri(), real.iss(), real.iat(), real.issuedOn(),
                real.holder(), otherSha, real.ver()));
        String noSuchVersion = signer.sign(new ProofClaims(real.uri(), real.iss(), real.iat(), real.issuedOn(),
                real.holder(), real.sha256(), 7));
        Map<String, String> links = new LinkedHashMap<>();
        links.put("sha256 not the version's", "/verify/" + known + "?p=" + wrongXml);
        links.put("a version never held", "/verify/" + known + "?p=" + noSuchVersion);
        return links;
    }

    @Autowired
    org.tijori.verify.proof.ProofCheck proofCheck;

    org.tijori.verify.proof.ProofOutcome checkOf(String proof) {
        return proofCheck.check(known, proof);
    }

    /** The JSON of a problem without what differs between any two requests. */
    static JsonNode withoutRequest(String body) {
        ObjectNode problem = (ObjectNode) json.readTree(body);
        assertThat(problem.has("requestId")).as("a requestId in %s", body).isTrue();
        problem.remove("requestId");
        problem.remove("instance");
        return problem;
    }

    /** The page without the request ID and the path the client sent (in the language links). */
    static String pageWithoutRequest(HttpResponse<String> page, String path) {
        String id = page.headers().firstValue("X-Request-Id").orElseThrow();
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        return page.body().replace(id, "REQUEST").replace(bare, "PATH");
    }

    /**
     * The rows of every table but the refusal buckets', each counted exactly. The activity trail's two tables are
     * summed, since its chainer moves entries from one to the other at any moment.
     */
    Map<String, Long> rows() {
        List<String> tables = jdbc.sql("""
                select table_name from information_schema.tables
                 where table_schema = current_schema() and table_type = 'BASE TABLE'
                   and table_name not in ('account_rate_limit', 'audit_inbox', 'audit_entry')""")
                .query(String.class).list();
        Map<String, Long> rows = new TreeMap<>();
        for (String table : tables) {
            rows.put(table, jdbc.sql("select count(*) from \"" + table + "\"").query(Long.class).single());
        }
        rows.put("audit_inbox + audit_entry",
                jdbc.sql("select (select count(*) from audit_inbox) + (select count(*) from audit_entry)")
                        .query(Long.class).single());
        return rows;
    }

    @Test
    void everyRefusalIsTheSame404AsAnUnknownUriAndNeverReadsTheRepository() throws Exception {
        Map<String, String> links = refusedWithoutLookup();
        WebClient web = new WebClient(port);
        Map<String, Long> rowsBefore = rows();
        JsonNode expectedProblem = null;
        String expectedPage = null;
        for (var link : links.entrySet()) {
            HttpResponse<String> api = web.get("/api/v1" + link.getValue());
            assertThat(api.statusCode()).as(link.getKey()).isEqualTo(404);
            assertThat(api.headers().firstValue("Content-Type")).as(link.getKey())
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(api.headers().firstValue("Cache-Control")).as(link.getKey()).hasValue("no-store");
            assertThat(api.headers().allValues("Set-Cookie")).as(link.getKey()).isEmpty();
            JsonNode problem = withoutRequest(api.body());
            assertThat(problem.get("type").asString()).isEqualTo("https://tijori.org/problems/not-found");
            assertThat(problem.get("detail").asString()).isEqualTo("No document can be verified with this link.");
            if (expectedProblem == null) {
                expectedProblem = problem;
            }
            assertThat(problem).as(link.getKey()).isEqualTo(expectedProblem);

            HttpResponse<String> page = new WebClient(port).get(link.getValue());
            assertThat(page.statusCode()).as(link.getKey()).isEqualTo(404);
            assertThat(page.headers().allValues("Set-Cookie")).as(link.getKey())
                    .noneSatisfy(cookie -> assertThat(cookie).startsWith("SESSION="));
            String body = pageWithoutRequest(page, link.getValue());
            assertThat(body).contains("No document can be verified with this link.").contains("role=\"status\"")
                    .doesNotContain("_csrf");
            if (expectedPage == null) {
                expectedPage = body;
            }
            assertThat(body).as(link.getKey()).isEqualTo(expectedPage);
        }
        HttpResponse<String> bare = web.get("/api/v1/verify?p=" + genuine);
        assertThat(bare.statusCode()).isEqualTo(404);
        assertThat(withoutRequest(bare.body())).isEqualTo(expectedProblem);
        Mockito.verify(repository, Mockito.never()).version(any(), anyInt());
        Mockito.verify(repository, Mockito.never()).byXmlSha256(any());
        assertThat(rows()).as("no row written, but the refusal buckets'").isEqualTo(rowsBefore);

        for (var link : refusedAfterLookup().entrySet()) {
            HttpResponse<String> api = web.get("/api/v1" + link.getValue());
            assertThat(api.statusCode()).as(link.getKey()).isEqualTo(404);
            assertThat(withoutRequest(api.body())).as(link.getKey()).isEqualTo(expectedProblem);
            HttpResponse<String> page = web.get(link.getValue());
            assertThat(page.statusCode()).as(link.getKey()).isEqualTo(404);
            assertThat(pageWithoutRequest(page, link.getValue())).as(link.getKey()).isEqualTo(expectedPage);
        }
    }

    @Test
    void theHindiPageIsTheSameForEveryRefusal() throws Exception {
        String unknown = new WebClient(port).get("/verify/in.gov.nobody-HSCER-1?lang=hi").body();
        String forged = new WebClient(port).get("/verify/" + known + "?lang=hi&p=" + otherProof).body();
        assertThat(unknown).contains("इस लिंक से किसी दस्तावेज़ का सत्यापन नहीं हो सकता।");
        assertThat(forged.replaceAll("[0-9a-f-]{36}", "ID").replace(known, "PATH"))
                .isEqualTo(unknown.replaceAll("[0-9a-f-]{36}", "ID").replace("in.gov.nobody-HSCER-1", "PATH"));
    }

    /**
     * A coarse guard that does not flake: an unknown URI and a known one are refused in the same time, whether the
     * proof stops parsing early (an unknown {@code kid}: the decoy verification stands in), is verified in full
     * (an altered payload), or was verified before with its own URI and is kept (another document's genuine proof,
     * answered once first: the decoy stands in for the verification the kept proof skips). The medians of 200
     * interleaved requests of each of the five lie within 2.5 ms of each other; up to three rounds are measured and
     * one within bounds passes, since noise from a busy machine rarely lasts three rounds while a refusal that
     * reads the repository does. One ES256 verification (0.3 ms through Bouncy Castle) is below what this guard can
     * see; that each refusal costs exactly one is held by {@code ProofCheckTests}, which counts them.
     */
    @Test
    void aRefusalTakesAboutAsLongAsAnAnswer() throws Exception {
        String[] parts = genuine.split("\\.");
        String unknownKid = ProofCheckTests.json("{\"alg\":\"ES256\",\"kid\":\"AAAAAAAAAAA\"}") + "." + parts[1] + "."
                + parts[2];
        // The unknown URI as long as the known one, so that neither request is longer to send or to parse.
        String unknown = "in.gov.nobody-HSCER-" + "9".repeat(known.length() - "in.gov.nobody-HSCER-".length());
        char changed = parts[1].charAt(10) == 'A' ? 'B' : 'A';
        String altered = parts[0] + "." + parts[1].substring(0, 10) + changed + parts[1].substring(11) + "." + parts[2];
        List<String> kinds = List.of("/api/v1/verify/" + unknown + "?p=" + unknownKid,
                "/api/v1/verify/" + known + "?p=" + unknownKid, "/api/v1/verify/" + unknown + "?p=" + otherProof,
                "/api/v1/verify/" + known + "?p=" + otherProof, "/api/v1/verify/" + known + "?p=" + altered);
        WebClient web = new WebClient(port);
        assertThat(web.get("/api/v1/verify/" + otherUri + "?p=" + otherProof).statusCode()).isEqualTo(200);
        for (int i = 0; i < 50; i++) {
            for (String kind : kinds) {
                web.get(kind);
            }
        }
        double spread = Double.MAX_VALUE;
        String medians = "";
        for (int round = 0; round < 3 && spread >= 2.5; round++) {
            List<List<Long>> times = new ArrayList<>();
            kinds.forEach(kind -> times.add(new ArrayList<>()));
            for (int i = 0; i < 200; i++) {
                for (int k = 0; k < kinds.size(); k++) {
                    long start = System.nanoTime();
                    web.get(kinds.get(k));
                    times.get(k).add(System.nanoTime() - start);
                }
            }
            double[] roundMedians = times.stream().mapToDouble(NoEnumerationTests::medianMillis).toArray();
            medians += Arrays.toString(roundMedians) + " ";
            spread = Arrays.stream(roundMedians).max().orElseThrow() - Arrays.stream(roundMedians).min().orElseThrow();
        }
        assertThat(spread).as("medians (ms) of each round: %s", medians).isLessThan(2.5);
    }

    static double medianMillis(List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[sorted.length / 2] / 1e6;
    }
}
