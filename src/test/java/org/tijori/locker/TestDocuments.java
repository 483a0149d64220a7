package org.tijori.locker;

import java.io.ByteArrayOutputStream;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;

/** Small real documents for tests that upload to a locker. */
public final class TestDocuments {

    private TestDocuments() {
    }

    /** A valid one-page PDF of about 500 bytes. */
    public static byte[] pdf() throws Exception {
        try (PDDocument document = new PDDocument()) {
            document.addPage(new PDPage());
            var out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }
}
