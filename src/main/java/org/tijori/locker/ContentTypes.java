package org.tijori.locker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MimeTypes;

/**
 * Decides what a file is from its first bytes (Apache Tika's magic patterns), never from its name or
 * the type the browser claimed, so that a script named {@code passport.pdf} is not taken for a PDF.
 */
final class ContentTypes {

    private static final MimeTypes MAGIC = MimeTypes.getDefaultMimeTypes();

    private static final String PDF = "application/pdf";

    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);

    private static final String UNKNOWN = "application/octet-stream";

    private ContentTypes() {
    }

    /**
     * The media type of the content, such as {@code application/pdf}, without parameters.
     *
     * @param content a stream that supports mark and reset; it is reset to where it was
     */
    static String detect(InputStream content) throws IOException {
        if (!content.markSupported()) {
            throw new IllegalArgumentException("content must support mark and reset");
        }
        String type = MAGIC.detect(content, new Metadata()).getBaseType().toString();
        // Tika finds %PDF- anywhere in the first kilobyte, as lenient readers do; a file that begins as something
        // else (an HTML page with a PDF inside) is a polyglot, and the verify and issuer modules would not take it
        // for a PDF either (found by UploadTypeFuzzTests).
        if (PDF.equals(type) && !startsWith(content, PDF_MAGIC)) {
            return UNKNOWN;
        }
        return type;
    }

    private static boolean startsWith(InputStream content, byte[] magic) throws IOException {
        content.mark(magic.length);
        try {
            return Arrays.equals(content.readNBytes(magic.length), magic);
        }
        finally {
            content.reset();
        }
    }
}
