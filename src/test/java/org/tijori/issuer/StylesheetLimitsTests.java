package org.tijori.issuer;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.signing.TestIssuerKeys;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The XSLT that anyone may send with a registration: the administrators read it on the approval page
 * before it can print anything, and one that explodes is stopped while the document prints the standard
 * way. Shares the issuer tests' application ({@link IssuerTestContext}).
 */
@IssuerTestContext
class StylesheetLimitsTests {

    static final AtomicInteger issuers = new AtomicInteger();

    static final String GOOD = """
            <xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
              <xsl:template match="/Certificate">
                <Rendering><Section heading="Result"><Field label="Outcome"> <xsl:value-of select="@status"/> </Field>
                  <Note>ignored</Note></Section><Other><Field label="ignored">x</Field></Other></Rendering>
              </xsl:template>
            </xsl:stylesheet>""";

    static final String EXPLODING = twice(40, "<Field label=\"Boom\">boom</Field>");

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Test
    void theApprovalPageShowsEachDocTypesStylesheetReadableAndEscaped() throws Exception {
        TestIssuer issuer = new TestIssuer("in.gov.styled" + issuers.incrementAndGet(), TestIssuerKeys.generate("Board"));
        String xslt = GOOD.replace("heading=\"Result\"", "heading=\"Result &amp; &lt;b&gt;\"");
        HttpResponse<String> registered = new WebClient(port).postJson("/api/v1/issuers/registrations",
                withStylesheet(issuer.registrationJson("HSCER"), xslt));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(202);

        WebClient admin = new WebClient(port);
        admin.signIn(IssuerPortalTests.ADMIN, IssuerPortalTests.PASSWORD);
        HttpResponse<String> page = admin.get("/admin/issuers");
        assertThat(page.statusCode()).isEqualTo(200);
        String block = section(page.body(), "id=\"stylesheet-" + issuer.issuerId + "-HSCER\"", "</details>");
        assertThat(block).startsWith("id=").contains("<summary", "HSCER", "<pre", "XSLT")
                .contains("&lt;xsl:template match=&quot;/Certificate&quot;&gt;",
                        "heading=&quot;Result &amp;amp; &amp;lt;b&amp;gt;&quot;")
                .doesNotContain("<xsl:template", "<b>");
        String item = section(page.body(), "id=\"issuer-" + issuer.issuerId + "\"", "</li>");
        assertThat(item.indexOf("id=\"stylesheet-")).as("shown with the approve button of its issuer")
                .isBetween(0, item.indexOf("/approve"));
    }

    @Test
    void anExplodingStylesheetIsStoppedAndTheDocumentPrintsTheStandardWay() throws Exception {
        TestIssuer issuer = new TestIssuer("in.gov.boom" + issuers.incrementAndGet(), TestIssuerKeys.generate("Board"));
        issuer.registerAndApprove(new WebClient(port), withStylesheet(issuer.registrationJson("HSCER"), EXPLODING),
                IssuerPushTests.TOKEN);
        int n = issuers.get();
        String username = "styled" + n + "x" + (System.nanoTime() % 100_000);
        ResidentAccount resident = accounts.signUp(new MobileNumber(String.valueOf(7_300_000_000L
                + (System.nanoTime() % 1_000_000) * 100 + n)), username, "a long and unusual phrase");
        WebClient web = new WebClient(port);
        assertThat(web.signIn(username, "a long and unusual phrase").statusCode()).isEqualTo(302);
        String uri = issuer.publish(new WebClient(port), "<DigiLockerId>" + resident.lockerId() + "</DigiLockerId>",
                "HSCER", "BOOM" + n, "234567890124", "Asha Verma");

        long started = System.nanoTime();
        HttpResponse<byte[]> pdf = CompletableFuture.supplyAsync(() -> {
            try {
                return web.getBytes("/locker/issued/" + uri + "/pdf");
            }
            catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).get(60, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(took).as("stopped at its limits, not after 2^40 fields").isLessThan(Duration.ofSeconds(30));
        try (var document = org.apache.pdfbox.Loader.loadPDF(pdf.body())) {
            assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(document)).contains("Details", "Asha Verma")
                    .doesNotContain("Boom");
        }
    }

    /** A stylesheet that calls a template twice from each call, {@code depth} deep, each leaf writing {@code leaf}. */
    static String twice(int depth, String leaf) {
        return """
                <xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
                  <xsl:template match="/">
                    <Rendering><Section heading="Boom">
                      <xsl:call-template name="twice"><xsl:with-param name="n" select="%d"/></xsl:call-template>
                    </Section></Rendering>
                  </xsl:template>
                  <xsl:template name="twice">
                    <xsl:param name="n"/>
                    <xsl:choose>
                      <xsl:when test="$n = 0">%s</xsl:when>
                      <xsl:otherwise>
                        <xsl:call-template name="twice"><xsl:with-param name="n" select="$n - 1"/></xsl:call-template>
                        <xsl:call-template name="twice"><xsl:with-param name="n" select="$n - 1"/></xsl:call-template>
                      </xsl:otherwise>
                    </xsl:choose>
                  </xsl:template>
                </xsl:stylesheet>""".formatted(depth, leaf);
    }

    private static String withStylesheet(String registrationJson, String xslt) {
        String escaped = xslt.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        return registrationJson.replace("\"searchParameters\":", "\"xslt\":\"" + escaped + "\",\"searchParameters\":");
    }

    private static String section(String html, String from, String to) {
        int start = html.indexOf(from);
        assertThat(start).as(from).isNotNegative();
        int end = html.indexOf(to, start);
        return html.substring(start, end < 0 ? html.length() : end);
    }
}
