package org.tijori.locker;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** An upload's type from its first bytes; the cases are ones {@link UploadTypeFuzzTests} found. */
class ContentTypesTests {

    @Test
    void typesAFileThatBeginsAsAPdfAsOne() throws IOException {
        assertThat(detect("%PDF-1.4\n%%EOF\n")).isEqualTo("application/pdf");
    }

    @Test
    void doesNotTakeAFileWithAPdfHeaderFurtherInForAPdf() throws IOException {
        var content = stream("  %PDF-1.4 after spaces\n");

        assertThat(ContentTypes.detect(content)).isEqualTo("application/octet-stream");
        assertThat(content.readAllBytes()).startsWith("  %PDF".getBytes(StandardCharsets.US_ASCII));
    }

    private static String detect(String content) throws IOException {
        return ContentTypes.detect(stream(content));
    }

    private static BufferedInputStream stream(String content) {
        return new BufferedInputStream(new ByteArrayInputStream(content.getBytes(StandardCharsets.US_ASCII)));
    }
}
