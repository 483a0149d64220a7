package org.tijori.locker;

import java.io.IOException;
import java.io.InputStream;

import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypes;

/**
 * Decides what a file is from its first bytes (Apache Tika's magic patterns), never from its name or
 * the type the browser claimed, so that a script named {@code passport.pdf} is not taken for a PDF.
 */
final class ContentTypes {

    private static final MimeTypes MAGIC = MimeTypes.getDefaultMimeTypes();

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
        MediaType type = MAGIC.detect(content, new Metadata());
        return type.getBaseType().toString();
    }
}
