package org.tijori.verify;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tijori.TijoriProperties;
import org.tijori.WebClient;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.IssuedDocuments;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The landing page and the offline kit (ADR 22): reached from the home page, a pasted link of this installation
 * followed to its status and any other link refused without leaving the site, the camera allowed on this page
 * alone, the QR decoder served from Tijori itself, both languages.
 */
@VerifyTestContext
class VerificationLandingTests {

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    IssuedDocuments documents;

    @Autowired
    TijoriProperties tijori;

    @Test
    void theHomePageLeadsToALandingPageWithThreeWaysAndTheCameraAllowedThereAlone() throws Exception {
        WebClient web = new WebClient(port);
        HttpResponse<String> home = web.get("/");
        assertThat(home.body()).contains("href=\"/verify\"", "Verify a document");
        assertThat(home.headers().firstValue("Permissions-Policy").orElseThrow()).contains("camera=()");

        HttpResponse<String> landing = web.get("/verify");
        assertThat(landing.statusCode()).isEqualTo(200);
        assertThat(landing.headers().firstValue("Permissions-Policy").orElseThrow())
                .contains("camera=(self)", "microphone=()", "geolocation=()");
        assertThat(landing.body()).contains("id=\"qr-scanner\"", "data-decoder=\"/js/vendor/jsqr.js\"",
                "<form method=\"get\" action=\"/verify\"", "name=\"link\"", "enctype=\"multipart/form-data\"",
                "name=\"file\"", "name=\"_csrf\"", "href=\"/verify/offline\"", "src=\"/js/verify.js\"");
        for (String path : List.of("/verify/offline", "/verify/", "/verify/x?p=y", "/login")) {
            assertThat(web.get(path).headers().firstValue("Permissions-Policy").orElseThrow()).as(path)
                    .contains("camera=()");
        }

        HttpResponse<String> decoder = web.get("/js/vendor/jsqr.js");
        assertThat(decoder.statusCode()).isEqualTo(200);
        assertThat(decoder.body()).startsWith("/*! jsQR 1.4.0").contains("Apache License 2.0");

        HttpResponse<String> hindi = new WebClient(port).get("/verify?lang=hi");
        assertThat(hindi.body()).contains("दस्तावेज़ सत्यापित करें", "QR कोड स्कैन करें", "लिंक टाइप करें या चिपकाएँ",
                "फ़ाइल अपलोड करें");
    }

    @Test
    void aPastedLinkOfThisSiteLeadsToItsStatus() throws Exception {
        PublishedDocuments published = new PublishedDocuments(port, accounts, documents);
        ResidentAccount resident = published.resident();
        String uri = published.push(published.issuer(), resident, "LAND/1", "Tara Singh");
        String link = documents.verificationLink(resident.id(), DocumentUri.parse(uri)).orElseThrow();
        String path = link.substring(tijori.baseUrl().toString().replaceAll("/$", "").length());
        WebClient web = new WebClient(port);

        for (String pasted : List.of(link, "  " + link + "\n", path)) {
            HttpResponse<String> followed = web.get("/verify?link=" + encode(pasted));
            assertThat(followed.statusCode()).as(pasted).isEqualTo(303);
            assertThat(followed.headers().firstValue("Location").orElseThrow()).as(pasted).isEqualTo(path);
        }
        HttpResponse<String> status = web.get(path);
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).contains("Valid: the issuer has not withdrawn this document.", "Tara Singh");
    }

    @Test
    void anyOtherLinkIsRefusedOnThePageAndNeverFollowedOffTheSite() throws Exception {
        String base = tijori.baseUrl().toString().replaceAll("/$", "");
        String host = tijori.baseUrl().getHost();
        List<String> refused = List.of("https://evil.example/verify/in.gov.x-A-1?p=abc",
                "//evil.example/verify/in.gov.x-A-1?p=abc", "/verify//evil.example/x", "javascript:alert(1)",
                base + "/login", base + "/verify/", "/locker/issued", "http://" + host + ":1/verify/in.gov.x-A-1",
                base + "/verify/in.gov.x-A-1#p=abc", "not a link at all", "<script>alert(1)</script>");
        WebClient web = new WebClient(port);
        for (String pasted : refused) {
            HttpResponse<String> answer = web.get("/verify?link=" + encode(pasted));
            assertThat(answer.statusCode()).as(pasted).isEqualTo(422);
            assertThat(answer.headers().firstValue("Location")).as(pasted).isEmpty();
            assertThat(answer.body()).as(pasted).contains("id=\"link-refused\"", "role=\"alert\"",
                    "This is not a verification link of this site.").doesNotContain("<script>alert(1)</script>");
        }
        HttpResponse<String> huge = web.get("/verify?link=" + "a".repeat(5_000));
        assertThat(huge.statusCode()).isEqualTo(422);
        assertThat(huge.body()).doesNotContain("a".repeat(5_000));

        HttpResponse<String> hindi = web.get("/verify?lang=hi&link=nothing");
        assertThat(hindi.statusCode()).isEqualTo(422);
        assertThat(hindi.body()).contains("यह इस साइट का सत्यापन लिंक नहीं है।");
    }

    @Test
    void theOfflineKitNamesTheKeysTheClaimsAndAWorkedExampleWithoutASession() throws Exception {
        String base = tijori.baseUrl().toString().replaceAll("/$", "");
        HttpResponse<String> offline = new WebClient(port).get("/verify/offline");
        assertThat(offline.statusCode()).isEqualTo(200);
        assertThat(offline.headers().allValues("Set-Cookie")).noneMatch(cookie -> cookie.startsWith("SESSION="));
        assertThat(offline.body()).contains(base + "/.well-known/jwks.json", "ES256", "<code>uri</code>",
                "<code>iss</code>", "<code>holder</code>", "<code>sha256</code>", "algorithms=[&#39;ES256&#39;]",
                "BASE = &#39;" + base + "&#39;");
        HttpResponse<String> hindi = new WebClient(port).get("/verify/offline?lang=hi");
        assertThat(hindi.body()).contains("बिना नेटवर्क के QR कोड सत्यापित करें");
    }

    static String encode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }
}
