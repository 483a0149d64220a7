package org.tijori.issuer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tijori.issuer.rendering.RenderingStylesheet;
import org.tijori.issuer.rendering.RenderingStylesheets;
import org.tijori.signing.SecureXml;
import org.w3c.dom.Document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An issuer's stylesheet is code from outside: one that writes without end is stopped where it writes, and
 * one that computes without writing is given up at its deadline and not run again.
 */
class RenderingStylesheetsTests {

    static final DocumentUri URI = DocumentUri.parse("in.gov.board-HSCER-1");

    static final String GOOD = StylesheetLimitsTests.GOOD;

    RenderingStylesheets stylesheets;

    @AfterEach
    void stop() {
        if (stylesheets != null) {
            stylesheets.stop();
        }
    }

    @Test
    void laysOutADocumentAsTheStylesheetSays() {
        stylesheets = new RenderingStylesheets(Duration.ofSeconds(5), 100_000);
        List<RenderingStylesheet.Section> sections = stylesheets.apply(GOOD, certificate(), URI).orElseThrow();
        assertThat(sections).singleElement().satisfies(section -> {
            assertThat(section.heading()).isEqualTo("Result");
            assertThat(section.fields()).singleElement().isEqualTo(new String[] { "Outcome", "A" });
        });
    }

    @Test
    void stopsAStylesheetThatWritesExponentiallyAtItsOutputLimit() {
        stylesheets = new RenderingStylesheets(Duration.ofSeconds(10), 100_000);
        long started = System.nanoTime();
        assertThat(stylesheets.apply(twice(40, "<Field label=\"x\">y</Field>"), certificate(), URI)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertNoStylesheetRunning();
        assertThat(stylesheets.apply(GOOD, certificate(), URI)).as("the worker is free again").isPresent();
    }

    @Test
    void stopsAStylesheetThatKeepsWritingAtItsDeadline() {
        stylesheets = new RenderingStylesheets(Duration.ofMillis(500), Long.MAX_VALUE);
        long started = System.nanoTime();
        assertThat(stylesheets.apply(twice(60, "<Field label=\"x\">y</Field>"), certificate(), URI)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertNoStylesheetRunning();
    }

    @Test
    void givesUpAStylesheetThatComputesWithoutWritingAndNeverRunsItAgain() {
        stylesheets = new RenderingStylesheets(Duration.ofMillis(100), 100_000);
        // 2^26 calls that write nothing: seconds of work nobody can interrupt, but an end to it.
        String silent = twice(26, "<xsl:if test=\"$n &lt; 0\">never</xsl:if>");
        long started = System.nanoTime();
        assertThat(stylesheets.apply(silent, certificate(), URI)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));

        started = System.nanoTime();
        assertThat(stylesheets.apply(silent, certificate(), URI)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not run again").isLessThan(Duration.ofMillis(50));
    }

    @Test
    void refusesAStylesheetThatMakesNoRenderingOrTwoOfThem() {
        stylesheets = new RenderingStylesheets(Duration.ofSeconds(5), 100_000);
        assertThat(stylesheets.apply(GOOD.replace("Rendering>", "Other>"), certificate(), URI)).isEmpty();
        assertThat(stylesheets.apply(GOOD.replace("</Rendering>", "</Rendering><Rendering/>"), certificate(), URI))
                .isEmpty();
    }

    static String twice(int depth, String leaf) {
        return StylesheetLimitsTests.twice(depth, leaf);
    }

    private static Document certificate() {
        return SecureXml.parse("<Certificate status=\"A\"><CertificateData/></Certificate>"
                .getBytes(StandardCharsets.UTF_8), 1 << 16);
    }

    private void assertNoStylesheetRunning() {
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(stylesheets.running()).isZero());
    }
}
