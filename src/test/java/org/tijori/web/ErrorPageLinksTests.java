package org.tijori.web;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.tijori.WebClient;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Links on a page built from the path that was asked for (the language switch) stay on this site, whatever
 * the path: an error page answers for any. The settings are those of {@code ResidentJourneyTests}, so that both
 * run in one application.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "tijori.account.otp-sends-per-address=500")
class ErrorPageLinksTests {

    static final Pattern LANGUAGE_LINK = Pattern.compile("class=\"lang-switch__link\" href=\"([^\"]*)\"");

    @LocalServerPort
    int port;

    static List<String> languageLinks(String html) {
        List<String> links = new ArrayList<>();
        Matcher matcher = LANGUAGE_LINK.matcher(html);
        while (matcher.find()) {
            links.add(matcher.group(1));
        }
        return links;
    }

    /** A type that Spring's parser fails on with an index error was a 500 from the requester registration. */
    @Test
    void aContentTypeNoParserCanReadIsA400EverywhereNeverA500() throws Exception {
        WebClient web = new WebClient(port);
        byte[] body = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> api = web.post("/api/v1/requesters/registrations", "\"=]2/]]]", body);
        assertThat(api.statusCode()).as(api.body()).isEqualTo(400);
        assertThat(api.body()).contains("\"detail\":\"The Content-Type header is not a media type.\"");
        HttpResponse<String> partner = web.post("/public/oauth2/1/token", "\"=]2/]]]", body);
        assertThat(partner.statusCode()).isEqualTo(400);
        assertThat(partner.body()).isEqualTo("{\"error\":\"invalid_request\",\"error_description\":"
                + "\"The Content-Type header is not a media type.\"}");
        assertThat(web.post("/api/v1/requesters/registrations", "application/json; charset=nonsense", body)
                .statusCode()).as("a type the parser refuses properly is the endpoint's to answer").isNotEqualTo(500);
    }

    @Test
    void theLanguageLinksOfAnErrorPageStayOnThisSite() throws Exception {
        for (String path : List.of("//evil.example/x", "///evil.example/x", "//evil.example")) {
            HttpResponse<String> page = new WebClient(port).get(path, "Accept", "text/html");

            assertThat(page.statusCode()).as(path).isBetween(400, 499);
            assertThat(languageLinks(page.body())).as(path).hasSize(2).allSatisfy(link -> assertThat(link)
                    .startsWith("/").doesNotStartWith("//").doesNotContain("\\"));
            assertThat(page.body()).as(path).doesNotContain("href=\"//");
        }
    }

    @Test
    void theLanguageLinksOfAPageKeepItsPath() throws Exception {
        assertThat(languageLinks(new WebClient(port).get("/login").body())).containsExactly("/login?lang=en",
                "/login?lang=hi");
    }
}
