package org.tijori.verify.proof;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any text as the address a verifier scans from a QR code or pastes, and any claims signed with Tijori's own key:
 * the link is read as this installation's or as none, and the proof it carries is verified or refused, never an
 * exception. An input is a link, or, when it begins with {@code {}, the payload of a proof signed here with the
 * genuine key (what a leaked key or a bug in the signer would produce). Regression seeds:
 * {@code VerificationProofFuzzTestsInputs}; a fuzzing run: docs/fuzzing.md.
 */
class VerificationProofFuzzTests {

    static final Instant NOW = Instant.parse("2026-12-06T10:15:30Z");

    static final ProofKey KEY = ProofKey.generate(1, NOW, NOW);

    static final VerificationLinks LINKS = new VerificationLinks(URI.create("https://tijori.example.in/"),
            List.of(URI.create("http://old.example.in:8080/tijori/")));

    static final ProofCheck CHECK = new ProofCheck(new ProofKeys(List.of(KEY)), "https://tijori.example.in/",
            List.of("http://old.example.in:8080/tijori/"), 2048, 100);

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void readsAndChecksOrRefuses(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        if (text.startsWith("{")) {
            String proof = signed(input);
            ProofOutcome outcome = CHECK.check("in.gov.board-HSCER-R1", proof);
            if (outcome instanceof ProofOutcome.Verified verified) {
                assertThat(verified.claims().uri()).hasToString("in.gov.board-HSCER-R1");
                assertThat(LINKS.isOurs(verified.claims().iss())).isTrue();
            }
            return;
        }
        Optional<VerificationLinks.Link> link = LINKS.parse(text);
        if (link.isEmpty()) {
            return;
        }
        assertThat(link.get().target()).startsWith("/verify/");
        assertThat(link.get().target()).doesNotContain("/../", "\\", "#", "\r", "\n");
        ProofOutcome outcome = CHECK.check(link.get().uri(), link.get().proof());
        assertThat(outcome).isNotNull();
    }

    /** A compact ES256 JWS of {@code payload} with the header Tijori's signer writes, signed with {@link #KEY}. */
    static String signed(byte[] payload) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String input = base64.encodeToString(("{\"alg\":\"ES256\",\"kid\":\"" + KEY.kid() + "\"}")
                .getBytes(StandardCharsets.UTF_8)) + "." + base64.encodeToString(payload);
        return input + "." + Es256.sign(Es256.signer(KEY.privateKey()), input.getBytes(StandardCharsets.US_ASCII));
    }
}
