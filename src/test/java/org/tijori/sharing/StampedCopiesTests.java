package org.tijori.sharing;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdfparser.PDFStreamParser;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.text.PDFTextStripper;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.unit.DataSize;

import org.tijori.sharing.UnstampablePdfException.Reason;
import org.tijori.signing.Certificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The provenance line on shared PDFs: on every page whichever way it is turned, in Latin and Devanagari,
 * cut to fit, and every hostile or oversized PDF refused with its reason and no temporary file left behind.
 */
class StampedCopiesTests {

    static final String LINE = "Shared by Ramesh Kumar with asha@example.org until 14 Dec 2026 10:00 UTC";

    static final String HINDI_LINE = "Shared by रमेश क्षत्रिय श्री with asha@example.org until 14 Dec 2026 10:00 UTC";

    @TempDir
    Path scratch;

    @TempDir
    Path work;

    StampedCopies copies(int maxPages, DataSize maxInput, Duration timeout) {
        return new StampedCopies(new StampedCopies.Limits(maxInput, maxPages, timeout, DataSize.ofMegabytes(64),
                scratch));
    }

    StampedCopies copies() {
        return copies(2_000, DataSize.ofMegabytes(64), Duration.ofSeconds(30));
    }

    @Test
    void everyPageCarriesTheLineAlongItsDisplayedBottomEdgeAndKeepsItsText() throws Exception {
        byte[] stamped = stamp(copies(), threePages(), LINE);

        Path file = write(stamped);
        for (int page = 1; page <= 3; page++) {
            String text = pdftotext(file, page);
            assertThat(text).as("page %d", page).contains("Page " + page + " of the issuer").contains(LINE);
            List<Word> words = words(file, page);
            Word shared = words.stream().filter(word -> word.text().startsWith("Shared")).findFirst().orElseThrow();
            double height = displayedHeight(words, page);
            assertThat(shared.yMin()).as("page %d: the line sits in the bottom margin", page)
                    .isGreaterThan(height - 20);
            assertThat(shared.yMax()).as("page %d: the line is inside the crop box", page).isLessThanOrEqualTo(height);
            assertThat(shared.xMax() - shared.xMin()).as("page %d: the line reads left to right", page)
                    .isGreaterThan(shared.yMax() - shared.yMin());
        }
        assertThat(scratch).isEmptyDirectory();
    }

    @Test
    void theOriginalContentStreamsAreKeptAsTheyWere() throws Exception {
        byte[] original = threePages();
        byte[] stamped = stamp(copies(), original, LINE);

        try (PDDocument before = Loader.loadPDF(original); PDDocument after = Loader.loadPDF(stamped)) {
            for (int page = 0; page < 3; page++) {
                List<byte[]> kept = streams(before.getPage(page));
                List<byte[]> now = streams(after.getPage(page));
                // PDFBox wraps the original in q ... Q: a stream before it and one (the stamp) after it.
                assertThat(now).hasSize(kept.size() + 2);
                for (int i = 0; i < kept.size(); i++) {
                    assertThat(now.get(i + 1)).isEqualTo(kept.get(i));
                }
                assertThat(after.getPage(page).getRotation()).isEqualTo(before.getPage(page).getRotation());
                assertThat(after.getPage(page).getCropBox().toString())
                        .isEqualTo(before.getPage(page).getCropBox().toString());
            }
        }
    }

    @Test
    void aHindiLineIsShapedAndReadsBackAsWritten() throws Exception {
        byte[] stamped = stamp(copies(), threePages(), HINDI_LINE);

        String text = pdftotext(write(stamped), 1);
        assertThat(text).contains(HINDI_LINE);
        try (PDDocument document = Loader.loadPDF(stamped)) {
            PDFTextStripper stripper = new PDFTextStripper();
            assertThat(stripper.getText(document)).contains("Page 1 of the issuer\n" + HINDI_LINE);

            List<Integer> drawn = devanagariGlyphs(document.getPage(0));
            List<Integer> unshaped = new ArrayList<>();
            try (TrueTypeFont font = new TTFParser().parse(new RandomAccessReadBuffer(
                    StampedCopies.class.getResourceAsStream("/fonts/NotoSansDevanagari-Regular.ttf")))) {
                CmapLookup cmap = font.getUnicodeCmapLookup();
                "रमेश क्षत्रिय श्री".codePoints().filter(c -> c != ' ')
                        .forEach(c -> unshaped.add(cmap.getGlyphId(c)));
            }
            assertThat(unshaped).doesNotContain(0);
            assertThat(drawn).as("glyphs drawn for the Devanagari words").isNotEmpty().isNotEqualTo(unshaped);
            assertThat(drawn).as("conjuncts such as क्ष and श्र are glyphs of their own, not in the character map")
                    .anyMatch(glyph -> !unshaped.contains(glyph));
            assertThat(drawn.size()).as("a conjunct is fewer glyphs than its characters").isLessThan(unshaped.size());
        }
    }

    @Test
    void anyCharacterAtAllIsPrintedWithoutFailing() throws Exception {
        String line = "Shared by 山田 тест 🙂 \u202Eevil\u202C рамеш عربى ক্ষ\u0000\n with x@y.in until later";

        String text = pdftotext(write(stamp(copies(), threePages(), line)), 1);

        assertThat(text).contains("Shared by ?? тест ? evil рамеш ???? ???   with x@y.in until later");
    }

    @Test
    void aLongLineIsCutWithAnEllipsisToFitThePage() throws Exception {
        String line = "Shared by " + "Ramesh ".repeat(80) + "with asha@example.org until THE-END";

        Path file = write(stamp(copies(), threePages(), line));

        for (int page = 1; page <= 3; page++) {
            String text = pdftotext(file, page);
            assertThat(text).contains("Shared by Ramesh Ramesh").contains("\u2026").doesNotContain("THE-END");
            List<Word> words = words(file, page);
            double width = displayedWidth(words, page);
            double height = displayedHeight(words, page);
            assertThat(words).filteredOn(word -> word.yMin() > height - 20).isNotEmpty()
                    .allSatisfy(word -> assertThat(word.xMax()).isLessThanOrEqualTo(width));
            assertThat(words).filteredOn(word -> word.text().contains("\u2026")).singleElement()
                    .satisfies(word -> assertThat(word.xMax()).isGreaterThan(width - 60));
        }
    }

    @Test
    void aPdfThatNeedsAPasswordIsRefused() throws Exception {
        byte[] locked = encrypted(threePages(), "user-secret");

        assertThatThrownBy(() -> stamp(copies(), locked, LINE)).isInstanceOfSatisfying(UnstampablePdfException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.ENCRYPTED))
                .hasMessageContaining("protected by a password");
        assertThat(scratch).isEmptyDirectory();
    }

    @Test
    void aPdfWithOnlyOwnerRestrictionsIsStampedAndKeepsThem() throws Exception {
        byte[] restricted = encrypted(threePages(), "");

        byte[] stamped = stamp(copies(), restricted, LINE);

        try (PDDocument document = Loader.loadPDF(stamped)) {
            assertThat(document.isEncrypted()).isTrue();
            assertThat(document.getCurrentAccessPermission().canModify()).isFalse();
            assertThat(document.getCurrentAccessPermission().canPrint()).isFalse();
            assertThat(new PDFTextStripper().getText(document)).contains(LINE).contains("Page 3 of the issuer");
        }
        assertThat(pdftotext(write(stamped), 2)).contains(LINE);
    }

    @Test
    void bytesThatAreNotAPdfAreRefused() {
        byte[] garbage = new byte[50_000];
        new Random(7).nextBytes(garbage);
        byte[] headerOnly = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer <<>>\n%%EOF"
                .getBytes(StandardCharsets.ISO_8859_1);

        for (byte[] bytes : List.of(garbage, headerOnly, new byte[0])) {
            assertThatThrownBy(() -> stamp(copies(), bytes, LINE))
                    .isInstanceOfSatisfying(UnstampablePdfException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_PDF))
                    .hasMessageContaining("not a PDF");
            assertThat(scratch).isEmptyDirectory();
        }
    }

    @Test
    void aPdfWithTooManyPagesIsRefused() throws Exception {
        byte[] pdf = threePages();

        assertThatThrownBy(() -> stamp(copies(2, DataSize.ofMegabytes(64), Duration.ofSeconds(30)), pdf, LINE))
                .isInstanceOfSatisfying(UnstampablePdfException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_PAGES))
                .hasMessage("The PDF has more than 2 pages, the most a stamped copy may have");
        assertThat(scratch).isEmptyDirectory();
        assertThat(stamp(copies(3, DataSize.ofMegabytes(64), Duration.ofSeconds(30)), pdf, LINE)).isNotEmpty();
    }

    @Test
    void aPdfLargerThanTheLimitIsRefusedAsItIsRead() throws Exception {
        byte[] pdf = threePages();
        OneShot source = new OneShot(pdf);

        assertThatThrownBy(() -> copies(2_000, DataSize.ofBytes(pdf.length - 1), Duration.ofSeconds(30))
                .stamp(source, new ByteArrayOutputStream(), LINE))
                .isInstanceOfSatisfying(UnstampablePdfException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE))
                .hasMessageContaining("larger than");
        assertThat(scratch).isEmptyDirectory();
        assertThat(stamp(copies(2_000, DataSize.ofBytes(pdf.length), Duration.ofSeconds(30)), pdf, LINE))
                .isNotEmpty();
    }

    @Test
    void stampingThatTakesTooLongIsAbandonedAndWritesNothing() throws Exception {
        byte[] pdf = threePages();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThatThrownBy(() -> copies(2_000, DataSize.ofMegabytes(64), Duration.ofNanos(1))
                .stamp(new ByteArrayInputStream(pdf), out, LINE))
                .isInstanceOfSatisfying(UnstampablePdfException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_SLOW))
                .hasMessageContaining("took longer than");
        assertThat(out.size()).isZero();
        assertThat(scratch).isEmptyDirectory();
    }

    @Test
    void aSignedPdfIsStampedInAnIncrementalUpdateSoItsSignatureStillHoldsForItsRevision() throws Exception {
        byte[] signed = signed(threePages());
        Path before = write(signed);
        String checkedBefore = pdfsig(before);
        assertThat(checkedBefore).contains("Signature is Valid").contains("Total document signed");

        byte[] stamped = stamp(copies(), signed, LINE);

        assertThat(Arrays.copyOf(stamped, signed.length)).as("the signed revision, byte for byte").isEqualTo(signed);
        Path after = write(stamped);
        assertThat(pdftotext(after, 1)).contains(LINE);
        assertThat(pdftotext(after, 3)).contains(LINE);
        String checkedAfter = pdfsig(after);
        assertThat(checkedAfter).contains("Signature is Valid").contains("Not total document signed");
    }

    @Test
    void aFiftyMebibytePdfIsStampedInAHeapSmallerThanTheFile() throws Exception {
        int pages = 400;
        Path big = work.resolve("big.pdf");
        writeBigPdf(big, pages, 128 * 1024);
        assertThat(Files.size(big)).isGreaterThan(50L * 1024 * 1024);
        Path out = work.resolve("big-stamped.pdf");

        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx40m", "-cp", System.getProperty("java.class.path"), SmallHeap.class.getName(), big.toString(),
                out.toString(), scratch.toString())
                .redirectErrorStream(true).start();
        String log = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(java.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(java.exitValue()).as(log).isZero();
        assertThat(log).contains("max heap 40 MiB");
        assertThat(Files.size(out)).isGreaterThan(Files.size(big));
        assertThat(pdftotext(out, pages)).contains(LINE);
        assertThat(pdftotext(out, 1)).contains(LINE);
        assertThat(scratch).isEmptyDirectory();
    }

    /** Stamps a file in a JVM of its own, whose heap is smaller than the file. */
    static final class SmallHeap {

        public static void main(String[] args) throws IOException {
            System.out.println("max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
            var copies = new StampedCopies(new StampedCopies.Limits(DataSize.ofMegabytes(64), 2_000,
                    Duration.ofSeconds(90), DataSize.ofMegabytes(64), Path.of(args[2])));
            try (InputStream in = Files.newInputStream(Path.of(args[0]));
                    OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(args[1])))) {
                copies.stamp(in, out, LINE);
            }
        }
    }

    // ---------------------------------------------------------------- making PDFs

    static byte[] stamp(StampedCopies copies, byte[] pdf, String line) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        copies.stamp(new ByteArrayInputStream(pdf), out, line);
        return out.toByteArray();
    }

    /** Three A4 pages with text: the second turned a quarter, the third cropped and turned upside down. */
    static byte[] threePages() throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDFont helvetica = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int number = 1; number <= 3; number++) {
                PDPage page = new PDPage(PDRectangle.A4);
                if (number == 2) {
                    page.setRotation(90);
                }
                if (number == 3) {
                    page.setCropBox(new PDRectangle(40, 60, 500, 700));
                    page.setRotation(180);
                }
                document.addPage(page);
                try (var content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(helvetica, 14);
                    content.newLineAtOffset(100, 400);
                    content.showText("Page " + number + " of the issuer");
                    content.endText();
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }

    static byte[] encrypted(byte[] pdf, String userPassword) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            AccessPermission permissions = new AccessPermission();
            permissions.setCanPrint(false);
            permissions.setCanModify(false);
            var policy = new StandardProtectionPolicy("owner-secret", userPassword, permissions);
            policy.setEncryptionKeyLength(256);
            document.protect(policy);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }

    /** Signs with a self-signed certificate: a detached CMS signature as PDF signatures (adbe.pkcs7.detached). */
    static byte[] signed(byte[] pdf) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        X509Certificate certificate = Certificates.selfSigned(keys, "Test Issuer", "Tijori tests", Duration.ofDays(1));
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(PDSignature.SUBFILTER_ADBE_PKCS7_DETACHED);
            signature.setName("Test Issuer");
            signature.setSignDate(Calendar.getInstance());
            document.addSignature(signature, content -> {
                try {
                    return cms(content.readAllBytes(), keys, certificate);
                }
                catch (Exception e) {
                    throw new IOException(e);
                }
            });
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.saveIncremental(out);
            return out.toByteArray();
        }
    }

    /**
     * A CMS SignedData (RFC 5652) written out field by field: Bouncy Castle's CMS classes are not on the
     * classpath, its ASN.1 primitives are.
     */
    static byte[] cms(byte[] content, KeyPair keys, X509Certificate certificate) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
        DERSet signedAttributes = new DERSet(new ASN1Encodable[] {
            new DERSequence(new ASN1Encodable[] { PKCSObjectIdentifiers.pkcs_9_at_contentType,
                new DERSet(PKCSObjectIdentifiers.data) }),
            new DERSequence(new ASN1Encodable[] { PKCSObjectIdentifiers.pkcs_9_at_messageDigest,
                new DERSet(new DEROctetString(digest)) }) });
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(keys.getPrivate());
        rsa.update(signedAttributes.getEncoded(ASN1Encoding.DER));
        AlgorithmIdentifier sha256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256);
        DERSequence signer = new DERSequence(new ASN1Encodable[] {
            new ASN1Integer(1),
            new DERSequence(new ASN1Encodable[] {
                X500Name.getInstance(certificate.getIssuerX500Principal().getEncoded()),
                new ASN1Integer(certificate.getSerialNumber()) }),
            sha256,
            new DERTaggedObject(false, 0, signedAttributes),
            new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
            new DEROctetString(rsa.sign()) });
        DERSequence signedData = new DERSequence(new ASN1Encodable[] {
            new ASN1Integer(1),
            new DERSet(sha256),
            new DERSequence(PKCSObjectIdentifiers.data),
            new DERTaggedObject(false, 0,
                    new DERSet(org.bouncycastle.asn1.x509.Certificate.getInstance(certificate.getEncoded()))),
            new DERSet(signer) });
        return new DERSequence(new ASN1Encodable[] { PKCSObjectIdentifiers.signedData,
            new DERTaggedObject(true, 0, signedData) }).getEncoded(ASN1Encoding.DER);
    }

    /**
     * Writes a PDF by hand, never holding it in memory: pages each showing an image of random grey pixels
     * (stored raw, so the file is as large as its pixels).
     */
    static void writeBigPdf(Path file, int pages, int imageBytes) throws IOException {
        Random random = new Random(42);
        byte[] pixels = new byte[imageBytes];
        try (var out = new CountingStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            List<Long> offsets = new ArrayList<>();
            out.ascii("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
            int objects = 2 + 3 * pages;
            offsets.add(out.count);
            out.ascii("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
            offsets.add(out.count);
            StringBuilder kids = new StringBuilder();
            for (int page = 0; page < pages; page++) {
                kids.append(3 + 3 * page).append(" 0 R ");
            }
            out.ascii("2 0 obj\n<< /Type /Pages /Count " + pages + " /Kids [" + kids + "] >>\nendobj\n");
            int side = (int) Math.sqrt(imageBytes);
            for (int page = 0; page < pages; page++) {
                int pageObject = 3 + 3 * page;
                String drawing = "q 400 0 0 400 100 200 cm /Im0 Do Q BT /F0 12 Tf 72 720 Td (Page " + (page + 1)
                        + " of the big one) Tj ET";
                offsets.add(out.count);
                out.ascii(pageObject + " 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents "
                        + (pageObject + 1) + " 0 R /Resources << /XObject << /Im0 " + (pageObject + 2)
                        + " 0 R >> /Font << /F0 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>\n"
                        + "endobj\n");
                offsets.add(out.count);
                out.ascii((pageObject + 1) + " 0 obj\n<< /Length " + drawing.length() + " >>\nstream\n" + drawing
                        + "\nendstream\nendobj\n");
                offsets.add(out.count);
                out.ascii((pageObject + 2) + " 0 obj\n<< /Type /XObject /Subtype /Image /Width " + side
                        + " /Height " + (imageBytes / side) + " /ColorSpace /DeviceGray /BitsPerComponent 8 /Length "
                        + (side * (imageBytes / side)) + " >>\nstream\n");
                random.nextBytes(pixels);
                out.write(pixels, 0, side * (imageBytes / side));
                out.ascii("\nendstream\nendobj\n");
            }
            long xref = out.count;
            out.ascii("xref\n0 " + (objects + 1) + "\n0000000000 65535 f \n");
            for (long offset : offsets) {
                out.ascii(String.format("%010d 00000 n \n", offset));
            }
            out.ascii("trailer\n<< /Size " + (objects + 1) + " /Root 1 0 R >>\nstartxref\n" + xref + "\n%%EOF\n");
        }
    }

    static final class CountingStream extends java.io.FilterOutputStream {

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

    /** An input stream that gives its bytes in small reads, as a network stream does. */
    static final class OneShot extends ByteArrayInputStream {

        OneShot(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read(byte[] bytes, int offset, int length) {
            return super.read(bytes, offset, Math.min(length, 1000));
        }
    }

    // ---------------------------------------------------------------- reading PDFs back

    Path write(byte[] pdf) throws IOException {
        return Files.write(Files.createTempFile(work, "pdf-", ".pdf"), pdf);
    }

    static List<byte[]> streams(PDPage page) throws IOException {
        List<byte[]> streams = new ArrayList<>();
        var contents = page.getContentStreams();
        while (contents.hasNext()) {
            PDStream stream = contents.next();
            try (InputStream in = stream.createInputStream()) {
                streams.add(in.readAllBytes());
            }
        }
        return streams;
    }

    /** The glyph IDs (CIDs, which PDFBox keeps equal to the font's own glyph IDs) drawn in Noto Sans Devanagari. */
    static List<Integer> devanagariGlyphs(PDPage page) throws IOException {
        List<Integer> glyphs = new ArrayList<>();
        PDResources resources = page.getResources();
        List<byte[]> streams = streams(page);
        PDFStreamParser parser = new PDFStreamParser(streams.get(streams.size() - 1));
        List<Object> operands = new ArrayList<>();
        boolean devanagari = false;
        for (Object token = parser.parseNextToken(); token != null; token = parser.parseNextToken()) {
            if (!(token instanceof Operator operator)) {
                operands.add(token);
                continue;
            }
            if (operator.getName().equals("Tf")) {
                PDFont font = resources.getFont((COSName) operands.get(0));
                devanagari = font.getName().contains("NotoSansDevanagari");
            }
            if ((operator.getName().equals("Tj") || operator.getName().equals("TJ")) && devanagari) {
                List<COSString> strings = new ArrayList<>();
                if (operands.get(0) instanceof COSArray array) {
                    array.forEach(item -> {
                        if (item instanceof COSString string) {
                            strings.add(string);
                        }
                    });
                }
                else {
                    strings.add((COSString) operands.get(0));
                }
                for (COSString string : strings) {
                    byte[] bytes = string.getBytes();
                    for (int i = 0; i + 1 < bytes.length; i += 2) {
                        int glyph = (bytes[i] & 0xff) << 8 | bytes[i + 1] & 0xff;
                        if (glyph != 3) { // the space, whichever font sets it
                            glyphs.add(glyph);
                        }
                    }
                }
            }
            operands.clear();
        }
        return glyphs;
    }

    record Word(String text, double xMin, double yMin, double xMax, double yMax, double pageWidth, double pageHeight) {
    }

    /** pdftotext gives the page's size unturned, and the words' boxes as the page is shown: page 2 is turned. */
    static double displayedHeight(List<Word> words, int page) {
        return page == 2 ? words.get(0).pageWidth() : words.get(0).pageHeight();
    }

    static double displayedWidth(List<Word> words, int page) {
        return page == 2 ? words.get(0).pageHeight() : words.get(0).pageWidth();
    }

    static final Pattern PAGE = Pattern.compile("<page width=\"([\\d.]+)\" height=\"([\\d.]+)\">");

    static final Pattern WORD = Pattern.compile(
            "<word xMin=\"([\\d.]+)\" yMin=\"([\\d.]+)\" xMax=\"([\\d.]+)\" yMax=\"([\\d.]+)\">([^<]*)</word>");

    /** The words of a page and their boxes, in the page's displayed coordinates (origin top left). */
    static List<Word> words(Path pdf, int page) throws Exception {
        String html = poppler("pdftotext", "-cropbox", "-bbox", "-f", String.valueOf(page), "-l", String.valueOf(page),
                pdf.toString(), "-");
        Matcher size = PAGE.matcher(html);
        assertThat(size.find()).isTrue();
        double width = Double.parseDouble(size.group(1));
        double height = Double.parseDouble(size.group(2));
        List<Word> words = new ArrayList<>();
        Matcher word = WORD.matcher(html);
        while (word.find()) {
            words.add(new Word(word.group(5), Double.parseDouble(word.group(1)), Double.parseDouble(word.group(2)),
                    Double.parseDouble(word.group(3)), Double.parseDouble(word.group(4)), width, height));
        }
        return words;
    }

    static String pdftotext(Path pdf, int page) throws Exception {
        return poppler("pdftotext", "-enc", "UTF-8", "-f", String.valueOf(page), "-l", String.valueOf(page),
                pdf.toString(), "-");
    }

    static String pdfsig(Path pdf) throws Exception {
        return poppler("pdfsig", pdf.toString());
    }

    static String poppler(String... command) throws Exception {
        assumeTrue(Stream.of(System.getenv("PATH").split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir,
                command[0]))), command[0] + " (poppler-utils) is not installed");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return output;
    }
}
