package org.tijori.verify;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.ProofSubject;
import org.tijori.verify.proof.ProofKey;
import org.tijori.verify.proof.ProofKeys;
import org.tijori.verify.proof.ProofSigner;

import static org.assertj.core.api.Assertions.assertThat;

/** The bytes of a proof, as ADR 22 and API.md section 6 fix them. */
class ProofFormatTests {

    static final Instant NOW = Instant.parse("2026-12-06T10:15:30.250Z");

    static final String XML_SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    final ProofKey key = ProofKey.generate(1, NOW, NOW);

    final ProofSigner signer = new ProofSigner(new ProofKeys(List.of(key)), "https://tijori.example.in/",
            Clock.fixed(NOW, ZoneOffset.UTC));

    final DocumentUri uri = DocumentUri.parse("in.gov.cbse-HSCER-2014123456");

    @Test
    void writesAHeaderOfExactlyAlgAndKid() {
        String[] parts = proof(new ProofSubject(uri, 1, LocalDate.of(2014, 5, 15), "Aarav Sharma", XML_SHA256));

        assertThat(parts).hasSize(3);
        assertThat(text(parts[0])).isEqualTo("{\"alg\":\"ES256\",\"kid\":\"" + key.kid() + "\"}");
        assertThat(key.kid()).hasSize(11).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void writesExactlyTheListedClaims() throws Exception {
        String[] parts = proof(new ProofSubject(uri, 2, LocalDate.of(2014, 5, 15), "Aarav Sharma", XML_SHA256));

        assertThat(text(parts[1])).isEqualTo("{\"uri\":\"in.gov.cbse-HSCER-2014123456\","
                + "\"iss\":\"https://tijori.example.in\",\"iat\":" + NOW.getEpochSecond() + ",\"docType\":\"HSCER\","
                + "\"issuer\":\"in.gov.cbse\",\"issuedOn\":\"2014-05-15\",\"holder\":\"Aarav Sharma\","
                + "\"sha256\":\"n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg\",\"ver\":2}");
        Map<String, Object> claims = JSONObjectUtils.parse(text(parts[1]));
        assertThat(Base64.getUrlDecoder().decode((String) claims.get("sha256"))).hasSize(32);
        assertThat(Base64.getUrlDecoder().decode(parts[2])).hasSize(64);
        assertThat(parts[2]).hasSize(86);
    }

    @Test
    void leavesOutWhatIsUnknown() {
        String[] parts = proof(new ProofSubject(uri, 1, null, null, null));

        assertThat(text(parts[1])).isEqualTo("{\"uri\":\"in.gov.cbse-HSCER-2014123456\","
                + "\"iss\":\"https://tijori.example.in\",\"iat\":" + NOW.getEpochSecond() + ",\"docType\":\"HSCER\","
                + "\"issuer\":\"in.gov.cbse\",\"ver\":1}");
    }

    @Test
    void linksToTheVerificationPageWithTheUrisSlashesAsTheyAre() {
        String link = signer.link(new ProofSubject(DocumentUri.parse("in.gov.transport-DRVLC-DL/04/2011/12345"), 1,
                null, null, null));

        assertThat(link).startsWith("https://tijori.example.in/verify/in.gov.transport-DRVLC-DL/04/2011/12345?p=ey")
                .matches("[^?]*\\?p=[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{86}");
    }

    @Test
    void cutsTheHolderToAHundredWholeCodePointsInNfc() {
        // 99 letters, then a letter outside the BMP (two chars), then more.
        String name = "a".repeat(99) + "\uD835\uDC00" + "bcd";
        assertThat(new ProofSubject(uri, 1, null, name, null).holder()).isEqualTo("a".repeat(99) + "\uD835\uDC00");
        String devanagari = "\u0905".repeat(150);
        assertThat(new ProofSubject(uri, 1, null, devanagari, null).holder()).isEqualTo("\u0905".repeat(100));
        // "e" and a combining acute become one code point, é.
        assertThat(new ProofSubject(uri, 1, null, "Rene\u0301", null).holder()).isEqualTo("Ren\u00e9");
        assertThat(new ProofSubject(uri, 1, null, "  ", null).holder()).isNull();
    }

    @Test
    void escapesQuotesAndControlCharactersInTheHolder() throws Exception {
        String[] parts = proof(new ProofSubject(uri, 1, null, "A \"B\" \\ C\u0001", null));

        assertThat(JSONObjectUtils.parse(text(parts[1])).get("holder")).isEqualTo("A \"B\" \\ C\u0001");
    }

    String[] proof(ProofSubject subject) {
        String link = signer.link(subject);
        return link.substring(link.indexOf("?p=") + 3).split("\\.", -1);
    }

    static String text(String segment) {
        return new String(Base64.getUrlDecoder().decode(segment), StandardCharsets.UTF_8);
    }
}
