package org.tijori.signing;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Run in a JVM of its own with a small heap by {@link LargePdfMemoryTests}: writes a PDF of about 50 MiB straight
 * to a file (pages of incompressible grey images), signs it through {@link EsignSignatures}, and prints a line
 * with the sizes and the heap it had.
 */
final class LargePdfSigning {

    /** Each page's image: 1000 by 1000 grey pixels, one byte each. */
    static final int SIDE = 1000;

    private LargePdfSigning() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        int pages = Integer.parseInt(args[1]);
        Path pdf = write(directory.resolve("large.pdf"), pages);
        EsignFixture fixture = new EsignFixture(directory);
        fixture.caPem();
        Path signed = directory.resolve("large-signed.pdf");
        long started = System.nanoTime();
        try (InputStream in = Files.newInputStream(pdf); OutputStream out = Files.newOutputStream(signed)) {
            fixture.signatures().signPdf(in, out, EsignFixture.ASHA, new PdfSignatureOptions("Large", null,
                    PdfSignatureOptions.VisibleSignature.onPage(pages)));
        }
        System.out.println("SIGNED size=" + Files.size(pdf) + " signed=" + Files.size(signed) + " millis="
                + (System.nanoTime() - started) / 1_000_000 + " maxHeapMiB="
                + Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }

    /** A PDF of {@code pages} pages, each showing one incompressible image, written as it goes. */
    static Path write(Path file, int pages) throws IOException {
        Random random = new Random(18);
        byte[] pixels = new byte[SIDE * SIDE];
        List<Long> offsets = new ArrayList<>();
        try (var counting = new CountingStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            counting.ascii("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
            int objects = 2 + pages * 3;
            offsets.add(counting.count);
            counting.ascii("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
            offsets.add(counting.count);
            StringBuilder kids = new StringBuilder();
            for (int i = 0; i < pages; i++) {
                kids.append(3 + i * 3).append(" 0 R ");
            }
            counting.ascii("2 0 obj\n<< /Type /Pages /Count " + pages + " /Kids [" + kids + "] >>\nendobj\n");
            for (int i = 0; i < pages; i++) {
                int page = 3 + i * 3;
                offsets.add(counting.count);
                counting.ascii(page + " 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << "
                        + "/XObject << /Im0 " + (page + 2) + " 0 R >> >> /Contents " + (page + 1) + " 0 R >>\nendobj\n");
                String draw = "q 500 0 0 500 48 300 cm /Im0 Do Q\n";
                offsets.add(counting.count);
                counting.ascii((page + 1) + " 0 obj\n<< /Length " + draw.length() + " >>\nstream\n" + draw
                        + "endstream\nendobj\n");
                random.nextBytes(pixels);
                offsets.add(counting.count);
                counting.ascii((page + 2) + " 0 obj\n<< /Type /XObject /Subtype /Image /Width " + SIDE + " /Height "
                        + SIDE + " /ColorSpace /DeviceGray /BitsPerComponent 8 /Length " + pixels.length
                        + " >>\nstream\n");
                counting.write(pixels);
                counting.ascii("\nendstream\nendobj\n");
            }
            long xref = counting.count;
            StringBuilder table = new StringBuilder("xref\n0 " + (objects + 1) + "\n0000000000 65535 f \n");
            for (long offset : offsets) {
                table.append(String.format("%010d 00000 n \n", offset));
            }
            counting.ascii(table + "trailer\n<< /Size " + (objects + 1) + " /Root 1 0 R >>\nstartxref\n" + xref
                    + "\n%%EOF\n");
        }
        return file;
    }

    private static final class CountingStream extends java.io.FilterOutputStream {

        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        void ascii(String text) throws IOException {
            write(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            count += length;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }
    }
}
