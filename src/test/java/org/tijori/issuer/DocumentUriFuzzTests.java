package org.tijori.issuer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any text read as a document URI, as lists, pulls and partners send them: either a URI that reads back as the same
 * text, or an {@link IllegalArgumentException}, which the web layers answer as a 400. Nothing else escapes.
 * Regression seeds: {@code DocumentUriFuzzTestsInputs}; a fuzzing run: docs/fuzzing.md.
 */
class DocumentUriFuzzTests {

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void readsBackAsWrittenOrIsRefused(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        long started = System.nanoTime();
        DocumentUri uri;
        try {
            uri = DocumentUri.parse(text);
        }
        catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(uri.toString()).isEqualTo(text);
        assertThat(DocumentUri.parse(uri.toString())).isEqualTo(uri);
        assertThat(text.length()).isLessThanOrEqualTo(64 + 1 + 12 + 1 + 100);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }
}
