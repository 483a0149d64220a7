package org.tijori.signing.dss;

import java.util.ArrayList;
import java.util.List;

import eu.europa.esig.dss.spi.DSSUtils;

/**
 * Where a PDF's revisions end: after each {@code %%EOF} marker and the line break that follows it, found exactly
 * where DSS 6.3's {@code PAdESUtils.extractRevisions} finds them, in one pass over the bytes.
 * <p>
 * DSS reads the document one byte at a time and copies its line buffer at every byte; for a 1 MiB PDF that was
 * three quarters of a signature check. Its rule, kept here to the byte: bytes are gathered from each line break
 * (or the start) in chunks of at most five; a chunk equal to {@code %%EOF} is a marker; a sixth byte or a line break
 * drops the chunk, the sixth byte with it. After a marker the next byte is read (and a second when the first is a
 * carriage return), and a line feed, carriage return or both count into the revision. {@code RevisionEndsTests}
 * holds the two to the same answer on crafted and random bytes.
 */
final class RevisionEnds {

    private static final byte[] MARKER = { '%', '%', 'E', 'O', 'F' };

    /** The bytes the scan stops at: line breaks and the marker's first byte. */
    private static final boolean[] NOTABLE = new boolean[256];

    static {
        NOTABLE[DSSUtils.LINE_FEED] = true;
        NOTABLE[DSSUtils.CARRIAGE_RETURN] = true;
        NOTABLE['%'] = true;
    }

    private RevisionEnds() {
    }

    /**
     * The length of each revision, first to last. Only line breaks and {@code %} at a chunk's start need a look:
     * chunks start after each line break or consumed marker ({@code start}) and every six bytes from there.
     */
    static List<Integer> of(byte[] pdf) {
        List<Integer> ends = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < pdf.length) {
            byte b = pdf[i++];
            if (!NOTABLE[b & 0xFF]) {
                continue;
            }
            if (b == DSSUtils.LINE_FEED || b == DSSUtils.CARRIAGE_RETURN) {
                start = i;
            }
            else if (b == '%' && (i - 1 - start) % 6 == 0 && marker(pdf, i - 1)) {
                i += MARKER.length - 1;
                int end = i;
                int next = i < pdf.length ? pdf[i++] : -1;
                if (next == DSSUtils.LINE_FEED) {
                    end++;
                }
                else if (next == DSSUtils.CARRIAGE_RETURN) {
                    end++;
                    if (i < pdf.length && pdf[i++] == DSSUtils.LINE_FEED) {
                        end++;
                    }
                }
                ends.add(end);
                start = i;
            }
        }
        return ends;
    }

    private static boolean marker(byte[] pdf, int at) {
        if (at + MARKER.length > pdf.length) {
            return false;
        }
        for (int k = 1; k < MARKER.length; k++) {
            if (pdf[at + k] != MARKER[k]) {
                return false;
            }
        }
        return true;
    }
}
