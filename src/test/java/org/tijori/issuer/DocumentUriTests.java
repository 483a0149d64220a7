package org.tijori.issuer;

import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The parts of a document URI are checked character by character; these tests hold the checks to the regular
 * expressions that state the rules, over random strings of the characters that matter and the edge cases.
 */
class DocumentUriTests {

    private static final Pattern ISSUER_ID = Pattern.compile("[a-z0-9]+(\\.[a-z0-9]+)*");

    private static final Pattern DOC_TYPE = Pattern.compile("[A-Z0-9]{2,12}");

    private static final Pattern DOC_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,99}");

    private static final String ALPHABET = "aZz09.._/-A-é Ω\u0000:@";

    @Test
    void eachPartIsCheckedAsItsRuleSays() {
        Random random = new Random(16);
        for (int i = 0; i < 200_000; i++) {
            String candidate = candidate(random);
            assertThat(accepts(() -> new IssuerId(candidate))).as("issuer ID %s", candidate)
                    .isEqualTo(candidate.length() >= 2 && candidate.length() <= 64
                            && ISSUER_ID.matcher(candidate).matches());
            assertThat(accepts(() -> new DocTypeCode(candidate))).as("doc type %s", candidate)
                    .isEqualTo(DOC_TYPE.matcher(candidate).matches());
            assertThat(accepts(() -> new DocumentUri(new IssuerId("in.gov.cbse"), new DocTypeCode("HSCER"),
                    candidate))).as("doc ID %s", candidate).isEqualTo(DOC_ID.matcher(candidate).matches());
        }
    }

    @Test
    void edgeCases() {
        assertThat(DocumentUri.parse("in.gov.cbse-HSCER-2014/12-3.a_b").docId()).isEqualTo("2014/12-3.a_b");
        assertThat(DocumentUri.parse("in.gov.cbse-HSCER-" + "9".repeat(100)).docId()).hasSize(100);
        assertThatThrownBy(() -> DocumentUri.parse("in.gov.cbse-HSCER-" + "9".repeat(101)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DocumentUri.parse("in.gov.cbse-HSCER--1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IssuerId("in..cbse")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IssuerId(".in")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IssuerId("in.")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IssuerId("x".repeat(65))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DocTypeCode("H")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DocTypeCode("HSCER12345678")).isInstanceOf(IllegalArgumentException.class);
    }

    private static String candidate(Random random) {
        int length = random.nextInt(10) < 8 ? random.nextInt(8) : random.nextInt(130);
        StringBuilder built = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            built.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return built.toString();
    }

    private static boolean accepts(Runnable construction) {
        try {
            construction.run();
            return true;
        }
        catch (IllegalArgumentException refused) {
            return false;
        }
    }
}
