package org.tijori.issuer.bulk;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any bytes as a bulk ZIP: unpacked within every limit (files, folders, one file's size, all files' size, counted as
 * they inflate) and read back file by file exactly as they went in, or ended by an {@link IOException} that carries
 * the {@link BulkRefusedException} to answer (a 4xx). Nothing else escapes. Regression seeds:
 * {@code UnpackedZipFuzzTestsInputs}; a fuzzing run: docs/fuzzing.md.
 */
class UnpackedZipFuzzTests {

    static final UnpackedZip.Limits LIMITS = new UnpackedZip.Limits(1 << 20, 20, 256 * 1024, 1 << 20);

    @FuzzTest(maxDuration = "30s")
    @Timeout(10)
    void unpacksWithinLimitsOrRefuses(byte[] zip) throws IOException {
        AtomicLong inflated = new AtomicLong();
        var unpacked = new ByteArrayOutputStream();
        UnpackedZip.Unpacking unpacking = UnpackedZip.unpack(new ByteArrayInputStream(zip), LIMITS,
                inflated::addAndGet, null);
        try (unpacking) {
            unpacking.transferTo(unpacked);
        }
        catch (IOException e) {
            BulkRefusedException refused = UnpackedZip.refusalIn(e);
            assertThat(refused).as("the refusal in %s", e).isNotNull();
            assertThat(inflated.get()).isLessThanOrEqualTo(LIMITS.maxUnpackedBytes() + 64 * 1024);
            return;
        }
        assertThat(inflated.get()).isLessThanOrEqualTo(LIMITS.maxUnpackedBytes());
        assertThat(unpacking.files()).isBetween(1, LIMITS.maxFiles());
        List<UnpackedZip.File> files = new ArrayList<>();
        try (var reader = new UnpackedZip.Reader(new ByteArrayInputStream(unpacked.toByteArray()), 0, 1,
                (int) LIMITS.maxFileBytes())) {
            for (UnpackedZip.File file; (file = reader.next()) != null;) {
                files.add(file);
            }
        }
        assertThat(files).hasSize(unpacking.files());
        assertThat(files).allSatisfy(file -> {
            assertThat(file.content()).isNotNull();
            assertThat(file.name().length()).isLessThanOrEqualTo(200);
        });
        assertThat(files.stream().mapToLong(file -> file.content().length).sum()).isEqualTo(inflated.get());
    }
}
