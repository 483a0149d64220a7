package org.tijori.signing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

import org.tijori.signing.UnsignableDocumentException.Reason;

/** A file to sign, copied from a stream to a temporary file without ever being held in memory. */
final class TemporaryFiles {

    private TemporaryFiles() {
    }

    /**
     * Copies {@code in} to {@code file}, refusing it as soon as it is larger than {@code max} bytes, then hands its
     * first {@code headWindow} bytes (or fewer, for a shorter file) to {@code headCheck}.
     *
     * @throws UnsignableDocumentException ({@link Reason#TOO_LARGE}) for a file larger than {@code max}
     */
    static void copyBounded(InputStream in, Path file, long max, int headWindow, Consumer<byte[]> headCheck)
            throws IOException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        byte[] head = new byte[headWindow];
        int headLength = 0;
        try (OutputStream copy = Files.newOutputStream(file)) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                total += read;
                if (total > max) {
                    throw new UnsignableDocumentException(Reason.TOO_LARGE, "The file is larger than " + max
                            + " bytes, the most a signed file may be");
                }
                if (headLength < headWindow) {
                    int take = Math.min(read, headWindow - headLength);
                    System.arraycopy(buffer, 0, head, headLength, take);
                    headLength += take;
                }
                copy.write(buffer, 0, read);
            }
        }
        headCheck.accept(Arrays.copyOf(head, headLength));
    }

    static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            }
            catch (IOException e) {
                file.toFile().deleteOnExit();
            }
        }
    }
}
