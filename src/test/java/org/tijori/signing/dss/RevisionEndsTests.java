package org.tijori.signing.dss;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.pades.PAdESUtils;
import eu.europa.esig.dss.pades.validation.PdfByteRangeDocument;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one-pass revision scan finds exactly the revisions DSS's own byte-at-a-time scan finds. */
class RevisionEndsTests {

    @Test
    void endsAfterEachMarkerAndItsLineBreak() {
        assertThat(RevisionEnds.of(bytes("%PDF-1.7\nbody\n%%EOF\nmore\n%%EOF\r\nlast\n%%EOF\rx%%EOF")))
                .containsExactly(20, 32, 43, 49)
                .isEqualTo(dss("%PDF-1.7\nbody\n%%EOF\nmore\n%%EOF\r\nlast\n%%EOF\rx%%EOF"));
    }

    @Test
    void findsAMarkerOnlyWhereDssDoes() {
        for (String tail : List.of("%%EOF", "x%%EOF", "xxxxx%%EOF", "xxxxxx%%EOF", "%%EO%%EOF", "%%%EOF",
                "%%EOF%%EOF", "%%EOF\n%%EOF", "abcdefghijkl%%EOF", "\r%%EOF\r\r", "%%EOFx", "%%eof", "%%EOF\n\n")) {
            String pdf = "%PDF-1.4\n" + tail;
            assertThat(RevisionEnds.of(bytes(pdf))).as(tail).isEqualTo(dss(pdf));
        }
    }

    @Test
    void agreesWithDssOnRandomBytesRichInMarkers() {
        Random random = new Random(18);
        String[] pieces = { "%%EOF", "%", "%%", "EOF", "\n", "\r", "\r\n", "x", "abcde", "%%E" };
        for (int round = 0; round < 5_000; round++) {
            StringBuilder pdf = new StringBuilder("%PDF-1.7\n");
            int count = random.nextInt(60);
            for (int i = 0; i < count; i++) {
                pdf.append(pieces[random.nextInt(pieces.length)]);
            }
            assertThat(RevisionEnds.of(bytes(pdf.toString()))).as(pdf.toString()).isEqualTo(dss(pdf.toString()));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<Integer> dss(String pdf) {
        List<Integer> ends = new ArrayList<>();
        for (PdfByteRangeDocument revision : PAdESUtils.extractRevisions(new InMemoryDocument(bytes(pdf)))) {
            ends.add(revision.getByteRange().getLength());
        }
        return ends;
    }
}
