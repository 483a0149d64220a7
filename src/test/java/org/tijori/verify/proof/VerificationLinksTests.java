package org.tijori.verify.proof;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tijori.issuer.DocumentUri;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which links are this installation's verification links, and what they say: the links it makes read back as
 * their URI and proof; links of its former addresses still count; anything that names another site, a user, a
 * fragment, or a path that a browser or the server would read as leading out of {@code /verify/} is none.
 */
class VerificationLinksTests {

    static final String PROOF = "eyJhbGciOiJFUzI1NiJ9.eyJ1cmkiOiJ4In0.c2lnbmF0dXJl";

    final VerificationLinks links = new VerificationLinks(URI.create("https://tijori.example.in/"),
            List.of(URI.create("http://old.example.in:8080/tijori/")));

    @Test
    void readsBackTheLinksItMakesWithTheirUriAndProof() {
        String link = links.link(DocumentUri.parse("in.gov.x-DRVLC-DL/04/2011"), PROOF);

        assertThat(link).isEqualTo("https://tijori.example.in/verify/in.gov.x-DRVLC-DL/04/2011?p=" + PROOF);
        assertThat(links.parse(link)).contains(new VerificationLinks.Link("in.gov.x-DRVLC-DL/04/2011", PROOF,
                "/verify/in.gov.x-DRVLC-DL/04/2011?p=" + PROOF, true));
    }

    @Test
    void namesItsAddressWithoutASlashAsTheIssuerOfItsProofsAndKnowsItsFormerOnes() {
        assertThat(links.address()).isEqualTo("https://tijori.example.in");
        assertThat(links.isOurs("https://tijori.example.in")).isTrue();
        assertThat(links.isOurs("http://old.example.in:8080/tijori")).isTrue();
        assertThat(links.isOurs("https://tijori.example.in/")).isFalse();
        assertThat(links.isOurs("https://evil.example")).isFalse();
        assertThat(links.isOurs(null)).isFalse();
    }

    @Test
    void takesALinkOfAFormerAddressBelowItsPath() {
        assertThat(links.parse("http://old.example.in:8080/tijori/verify/in.gov.x-A-1?p=abc")).contains(
                new VerificationLinks.Link("in.gov.x-A-1", "abc", "/verify/in.gov.x-A-1?p=abc", true));
        assertThat(links.parse("http://old.example.in:8080/verify/in.gov.x-A-1?p=abc")).isEmpty();
        assertThat(links.parse("http://old.example.in/tijori/verify/in.gov.x-A-1?p=abc")).isEmpty();
    }

    @Test
    void takesAPathOnThisSiteAsNotNamingTheInstallation() {
        assertThat(links.parse("/verify/in.gov.x-A-1?p=abc")).contains(
                new VerificationLinks.Link("in.gov.x-A-1", "abc", "/verify/in.gov.x-A-1?p=abc", false));
    }

    @Test
    void takesTheSameAddressHoweverItsSchemeAndHostAreCasedOrItsPortWritten() {
        for (String link : List.of("  https://tijori.example.in/verify/in.gov.x-A-1?p=abc\n",
                "HTTPS://Tijori.Example.IN/verify/in.gov.x-A-1?p=abc",
                "https://tijori.example.in:443/verify/in.gov.x-A-1?p=abc")) {
            assertThat(links.parse(link)).as(link).map(VerificationLinks.Link::target)
                    .contains("/verify/in.gov.x-A-1?p=abc");
        }
    }

    @Test
    void readsTheFirstProofOfTheQueryAsWrittenAndNoneWithoutOne() {
        assertThat(links.parse("/verify/in.gov.x-A-1?lang=hi&p=first&p=second")).map(VerificationLinks.Link::proof)
                .contains("first");
        assertThat(links.parse("/verify/in.gov.x-A-1?pp=1&lang=hi")).isPresent().get()
                .extracting(VerificationLinks.Link::proof).isNull();
        assertThat(links.parse("https://tijori.example.in/verify/in.gov.x-A-1")).isPresent().get()
                .satisfies(link -> {
                    assertThat(link.proof()).isNull();
                    assertThat(link.target()).isEqualTo("/verify/in.gov.x-A-1");
                });
    }

    @Test
    void refusesEveryOtherSiteSchemeAndPort() {
        for (String link : List.of("https://evil.example/verify/in.gov.x-A-1?p=abc",
                "//evil.example/verify/in.gov.x-A-1?p=abc", "https://tijori.example.in.evil.example/verify/x",
                "https://evil.example/tijori.example.in/verify/x", "http://tijori.example.in/verify/in.gov.x-A-1",
                "https://tijori.example.in:8443/verify/in.gov.x-A-1", "ftp://tijori.example.in/verify/x",
                "https:/verify/in.gov.x-A-1", "javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
                "mailto:someone@tijori.example.in")) {
            assertThat(links.parse(link)).as(link).isEmpty();
        }
    }

    @Test
    void refusesALinkThatNamesAUser() {
        for (String link : List.of("https://evil.example@tijori.example.in/verify/in.gov.x-A-1?p=abc",
                "https://user:secret@tijori.example.in/verify/in.gov.x-A-1?p=abc",
                "https://tijori.example.in@evil.example/verify/in.gov.x-A-1?p=abc")) {
            assertThat(links.parse(link)).as(link).isEmpty();
        }
    }

    @Test
    void refusesPathsThatLeadOutOfVerifyOrNameNoDocument() {
        for (String link : List.of("/verify//evil.example/x", "/verify/", "/verify", "/login", "verify/x",
                "https://tijori.example.in/verify/", "https://tijori.example.in/login",
                "https://tijori.example.in/verify/in.gov.x-A-1#p=abc", "/verify/../login", "/verify/./x",
                "/verify/a/../../login", "/verify/..", "/verify/%2e%2e/login", "/verify/.%2E/login",
                "/verify/in.gov.x-A-1%2F..%2Flogin", "/verify/a%2fb", "/verify/a%5Cb", "/verify\\x",
                "https://tijori.example.in\\@evil.example/verify/x", "/verify/a b", "/verify/a\tb",
                "not a link at all", "<script>alert(1)</script>")) {
            assertThat(links.parse(link)).as(link).isEmpty();
        }
    }

    @Test
    void refusesNothingAndTooMuch() {
        assertThat(links.parse(null)).isEmpty();
        assertThat(links.parse("  ")).isEmpty();
        String longest = "/verify/in.gov.x-A-1?p=" + "a".repeat(VerificationLinks.MAX_LENGTH - 23);
        assertThat(longest).hasSize(VerificationLinks.MAX_LENGTH);
        assertThat(links.parse(longest)).isPresent();
        assertThat(links.parse(longest + "a")).isEmpty();
    }
}
