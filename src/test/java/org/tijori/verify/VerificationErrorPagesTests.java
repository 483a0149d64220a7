package org.tijori.verify;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tijori.WebClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page a verification is refused with (a link that verifies nothing, a file that cannot be verified, an
 * address that sent too many) ends as every error page does: with the request's ID to quote, in the reader's
 * language, and nothing else of the request.
 */
@VerifyTestContext
class VerificationErrorPagesTests {

    static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };

    @LocalServerPort
    int port;

    @Autowired
    VerifyProperties properties;

    @Test
    void aLinkThatVerifiesNothingEndsWithTheRequestsReference() throws Exception {
        HttpResponse<String> page = new WebClient(port).get("/verify/in.gov.none-HSCER-1?p=junk",
                "X-Forwarded-For", "203.0.113.11");
        assertThat(page.statusCode()).isEqualTo(404);
        assertReference(page, "If you contact support, quote this reference:");

        HttpResponse<String> hindi = new WebClient(port).get("/verify/in.gov.none-HSCER-1?p=junk&lang=hi",
                "X-Forwarded-For", "203.0.113.11");
        assertThat(hindi.statusCode()).isEqualTo(404);
        assertReference(hindi, "सहायता टीम से संपर्क करते समय यह संदर्भ कोड बताएँ:");
    }

    @Test
    void aFileThatCannotBeVerifiedEndsWithTheRequestsReference() throws Exception {
        WebClient browser = new WebClient(port);
        String csrf = WebClient.csrfTokenOf(browser.get("/verify").body());
        HttpResponse<String> page = browser.postMultipart("/verify", Map.of("_csrf", csrf), "file", "a.png", PNG,
                "X-Forwarded-For", "203.0.113.12");
        assertThat(page.statusCode()).as(page.body()).isEqualTo(415);
        assertReference(page, "If you contact support, quote this reference:");
    }

    @Test
    void anAddressTurnedAwayEndsWithTheRequestsReference() throws Exception {
        WebClient client = new WebClient(port);
        for (int i = 0; i < properties.refusalsPerAddress(); i++) {
            client.get("/verify/in.gov.none-HSCER-" + i + "?p=junk", "X-Forwarded-For", "203.0.113.13");
        }
        HttpResponse<String> page = client.get("/verify/in.gov.none-HSCER-x?p=junk", "X-Forwarded-For",
                "203.0.113.13");
        assertThat(page.statusCode()).isEqualTo(429);
        assertReference(page, "If you contact support, quote this reference:");
    }

    static void assertReference(HttpResponse<String> page, String words) {
        String requestId = page.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(page.body()).contains("<p class=\"error-page__reference\">", words,
                "<code>" + requestId + "</code>");
    }
}
