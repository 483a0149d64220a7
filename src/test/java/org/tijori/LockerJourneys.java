package org.tijori;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.issuer.TestIssuer;
import org.tijori.locker.TestDocuments;
import org.tijori.signing.TestIssuerKeys;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A resident's journeys over real HTTP on a running Tijori, for the tests of backups and upgrades: signing up and
 * in, receiving an issued document, uploading one, sharing both by e-mail link; and reading each back as it was.
 * The application must run with {@link #TOKEN} as its bootstrap token (an issuer is registered with it).
 */
final class LockerJourneys {

    static final String TOKEN = "journeys-tests-bootstrap-token-0123456789";

    static final String PASSWORD = "a long and unusual phrase";

    private static final AtomicInteger counter = new AtomicInteger();

    private static byte[] pdf;

    private final ConfigurableApplicationContext application;

    private final int port;

    LockerJourneys(ConfigurableApplicationContext application) {
        this.application = application;
        this.port = Integer.parseInt(application.getEnvironment().getProperty("local.server.port"));
    }

    /** Tijori's arguments for one start on a database and data directory of a test's own. */
    static String[] arguments(java.nio.file.Path dataDir, String databaseUrl, String keyset) {
        return new String[] { "--server.port=0", "--spring.main.banner-mode=off", "--tijori.data-dir=" + dataDir,
                "--spring.datasource.url=" + databaseUrl, "--spring.datasource.username=postgres",
                "--spring.datasource.password=", "--tijori.keys.keyset=" + keyset,
                "--tijori.admin.bootstrap-token=" + TOKEN, "--spring.datasource.hikari.maximum-pool-size=5" };
    }

    /** The PDF every upload sends: made once, since each making differs in its bytes. */
    static synchronized byte[] pdf() throws Exception {
        if (pdf == null) {
            pdf = TestDocuments.pdf();
        }
        return pdf.clone();
    }

    /** A new resident, signed up and signed in. */
    Resident signUp() throws Exception {
        int n = counter.incrementAndGet();
        String username = "keeper" + n + "x" + (System.nanoTime() % 100_000);
        ResidentAccount account = application.getBean(ResidentAccounts.class).signUp(new MobileNumber(
                String.valueOf(6_400_000_000L + (System.nanoTime() % 1_000_000) * 100 + n % 100)), username, PASSWORD);
        return new Resident(account.username(), account.lockerId().toString(), signIn(username));
    }

    /** A browser that signed in as the resident, with the password. */
    WebClient signIn(String username) throws Exception {
        WebClient web = new WebClient(port);
        assertThat(web.signIn(username, PASSWORD).headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/dashboard"));
        return web;
    }

    /** Uploads a PDF; answers the document's ID. */
    String upload(Resident resident, String fileName) throws Exception {
        HttpResponse<String> uploaded = resident.web().postMultipart("/api/v1/locker/uploaded", Map.of(), "file",
                fileName, pdf(), "X-CSRF-TOKEN", csrf(resident.web()));
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        return field(uploaded.body(), "id");
    }

    /** An issuer registers, is approved and publishes a document into the resident's locker; answers its URI. */
    String receiveIssued(Resident resident) throws Exception {
        int n = counter.incrementAndGet();
        TestIssuer issuer = new TestIssuer("in.gov.keep" + n + "x" + (System.nanoTime() % 100_000),
                TestIssuerKeys.generate("Board"));
        issuer.registerAndApprove(new WebClient(port), issuer.registrationJson("HSCER"), TOKEN);
        return issuer.publish(new WebClient(port), "<DigiLockerId>" + resident.lockerId() + "</DigiLockerId>",
                "HSCER", "KP" + n + "x" + (System.nanoTime() % 100_000), "234567890124", "Asha Verma");
    }

    /** Shares an uploaded and an issued document by e-mail link; answers the share's ID. */
    String share(Resident resident, String uploaded, String issued) throws Exception {
        String json = "{\"documents\":[{\"kind\":\"uploaded\",\"id\":\"" + uploaded + "\"},"
                + "{\"kind\":\"issued\",\"uri\":\"" + issued + "\"}],\"email\":\"friend"
                + counter.incrementAndGet() + "@example.org\"}";
        HttpResponse<String> created = resident.web().postJson("/api/v1/locker/shares", json, "X-CSRF-TOKEN",
                csrf(resident.web()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return field(created.body(), "id");
    }

    /** The bytes of an uploaded document, as its owner downloads them. */
    byte[] uploadedContent(WebClient web, String id) throws Exception {
        HttpResponse<byte[]> content = web.getBytes("/api/v1/locker/uploaded/" + id + "/content");
        assertThat(content.statusCode()).isEqualTo(200);
        return content.body();
    }

    /** The XML of an issued document, as its owner downloads it. */
    byte[] issuedXml(WebClient web, String uri) throws Exception {
        HttpResponse<byte[]> xml = web.getBytes("/api/v1/locker/issued/" + uri + "/xml");
        assertThat(xml.statusCode()).isEqualTo(200);
        return xml.body();
    }

    /** The resident's shares, as the API lists them. */
    String shares(WebClient web) throws Exception {
        HttpResponse<String> list = web.get("/api/v1/locker/shares");
        assertThat(list.statusCode()).isEqualTo(200);
        return list.body();
    }

    /** Every journey once, checked on the spot: what a resident does on a fresh or an upgraded Tijori. */
    Resident everyJourney() throws Exception {
        Resident resident = signUp();
        String uploaded = upload(resident, "ration-card.pdf");
        assertThat(uploadedContent(resident.web(), uploaded)).isEqualTo(pdf());
        String issued = receiveIssued(resident);
        assertThat(new String(issuedXml(resident.web(), issued), java.nio.charset.StandardCharsets.UTF_8))
                .contains("<Certificate", "Asha Verma");
        String share = share(resident, uploaded, issued);
        assertThat(shares(resident.web())).contains("\"id\":\"" + share + "\"", "\"state\":\"ACTIVE\"");
        return resident;
    }

    static String csrf(WebClient web) throws Exception {
        return WebClient.csrfTokenOf(web.get("/locker/uploaded").body());
    }

    static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        assertThat(matcher.find()).as(name + " in " + json).isTrue();
        return matcher.group(1);
    }

    record Resident(String username, String lockerId, WebClient web) {
    }
}
