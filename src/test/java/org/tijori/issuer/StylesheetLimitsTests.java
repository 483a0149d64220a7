package org.tijori.issuer;

import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.signing.TestIssuerKeys;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The XSLT that anyone may send with a registration: the administrators read it on the approval page
 * before it can print anything. Shares the issuer tests' application ({@link IssuerTestContext}).
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

    @LocalServerPort
    int port;

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
