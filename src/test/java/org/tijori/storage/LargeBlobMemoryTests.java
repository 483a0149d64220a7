package org.tijori.storage;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 1 GiB blob through the vault of a whole application whose heap is capped far below that: the
 * vault streams, so it neither runs out of memory nor changes a byte.
 */
class LargeBlobMemoryTests {

    static final long ONE_GIB = 1024L * 1024 * 1024;

    /**
     * A heap far below the blob's size. The application's own start-up (Spring, the embedded database's first
     * extraction) leaves about 63 MiB live at its peak since Modulith's runtime model is no longer built
     * ({@code bench/startup/run.sh}); the vault itself streams in a fixed few hundred KiB.
     */
    static final String HEAP = "-Xmx128m";

    @Test
    void storesAndReadsOneGibibyteWithA128MebibyteHeap(@TempDir Path state) throws Exception {
        String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(javaCommand, HEAP, "-XX:+ExitOnOutOfMemoryError", "-cp",
                System.getProperty("java.class.path"), LargeBlobRoundTrip.class.getName(), state.toString(),
                String.valueOf(ONE_GIB)).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.add(line);
            }
        }
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();

        assertThat(process.exitValue()).as(String.join("\n", output)).isZero();
        String result = output.stream().filter(line -> line.startsWith("ROUNDTRIP")).findFirst().orElseThrow();
        System.out.println(result);
        assertThat(result).contains("size=" + ONE_GIB, "stored=" + ONE_GIB, "read=" + ONE_GIB, "sha-match=true",
                "generated-sha-match=true");
        var heap = java.util.regex.Pattern.compile("maxHeapMiB=(\\d+)").matcher(result);
        assertThat(heap.find()).isTrue();
        assertThat(Long.parseLong(heap.group(1))).isLessThanOrEqualTo(128);
    }
}
