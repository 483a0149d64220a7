package org.tijori.locker;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any bytes as an upload, typed the way the locker types it before it stores anything: a media type is always
 * found, the stream is handed on from its first byte, and a type the locker accepts is only given to bytes that
 * begin as that type does, so that a script named {@code passport.pdf} is never taken for a PDF. Regression seeds:
 * {@code UploadTypeFuzzTestsInputs}; a fuzzing run: docs/fuzzing.md.
 */
class UploadTypeFuzzTests {

    /** The first bytes of each type a locker accepts by default. */
    static final Map<String, byte[]> MAGIC = Map.of("application/pdf", new byte[] { '%', 'P', 'D', 'F', '-' },
            "image/jpeg", new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF },
            "image/png", new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' });

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void typesByContentAlone(byte[] upload) throws IOException {
        var content = new BufferedInputStream(new ByteArrayInputStream(upload), 64 * 1024);

        String type = ContentTypes.detect(content);

        assertThat(type).matches("[a-z0-9.+-]+/[a-z0-9.+-]+");
        assertThat(content.readAllBytes()).isEqualTo(upload);
        byte[] magic = MAGIC.get(type);
        if (magic != null) {
            assertThat(upload.length >= magic.length && Arrays.equals(upload, 0, magic.length, magic, 0,
                    magic.length)).as("%s begins as %s does", type, type).isTrue();
        }
    }
}
