package org.tijori.signing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PDF of 50 MB signed in a JVM whose heap is far smaller than the 512 MiB, indeed than the PDF itself:
 * the file is streamed to a temporary file, parsed from it with a scratch file for PDFBox, and digested as a
 * stream; nothing reads it whole.
 */
class LargePdfMemoryTests {

    /** Below the PDF's size, so that holding it in memory even once fails. */
    static final String HEAP = "-Xmx48m";

    /** 52 pages of 1,000,000 bytes each: just under the 50 MiB limit. */
    static final int PAGES = 52;

    @Test
    void signsAFiftyMegabytePdfWithAHeapSmallerThanThePdf(@TempDir Path directory) throws Exception {
        String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(javaCommand, HEAP, "-XX:+ExitOnOutOfMemoryError", "-cp",
                System.getProperty("java.class.path"), LargePdfSigning.class.getName(), directory.toString(),
                String.valueOf(PAGES)).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.add(line);
            }
        }
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();

        assertThat(process.exitValue()).as(String.join("\n", output)).isZero();
        String result = output.stream().filter(line -> line.startsWith("SIGNED")).findFirst().orElseThrow();
        System.out.println(result);
        assertThat(Files.size(directory.resolve("large.pdf"))).isGreaterThan(50_000_000L);
        var heap = java.util.regex.Pattern.compile("maxHeapMiB=(\\d+)").matcher(result);
        assertThat(heap.find()).isTrue();
        assertThat(Long.parseLong(heap.group(1))).isLessThan(50);
        if (EsignFixture.onPath("pdfsig") && EsignFixture.onPath("certutil")) {
            Path nss = Files.createDirectories(directory.resolve("nss-large"));
            EsignFixture.run("certutil", "-N", "-d", "sql:" + nss, "--empty-password");
            EsignFixture.run("certutil", "-A", "-d", "sql:" + nss, "-n", "ca", "-t", "C,C,C", "-i",
                    directory.resolve("ca.pem").toString());
            var report = EsignFixture.run("pdfsig", "-nssdir", "sql:" + nss,
                    directory.resolve("large-signed.pdf").toString());
            assertThat(report.output()).contains("Signature is Valid.").contains("Certificate is Trusted.")
                    .contains("Total document signed");
        }
    }
}
