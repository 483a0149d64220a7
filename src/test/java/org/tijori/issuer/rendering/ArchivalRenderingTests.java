package org.tijori.issuer.rendering;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdfparser.PDFStreamParser;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.documentinterchange.logicalstructure.PDStructureElement;
import org.apache.pdfbox.pdmodel.documentinterchange.logicalstructure.PDStructureNode;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.junit.jupiter.api.Test;
import org.tijori.issuer.DocumentStatus;
import org.tijori.issuer.DocumentUri;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rendered issued documents are PDF/A-2b files that veraPDF accepts, tagged for screen readers, with their fonts
 * embedded; Hindi names and fields print shaped: conjuncts as the font's conjunct glyphs, never a visible virama,
 * the i-matra before the cluster it follows in writing, and the text extracts as written.
 */
class ArchivalRenderingTests {

    /** Words whose shaping goes wrong in simple ways: conjuncts, reph, i-matra reordering, vocalic R. */
    static final String NAME = "श्रीमती प्रियंका कृष्ण शर्मा";

    static final String SCHOOL = "केन्द्रीय विद्यालय";

    static final String PLACE = "कार्तिक नगर, क्षेत्र त्रिपुरा";

    static final String SUBJECT = "ज्ञान";

    @Test
    void anEnglishDocumentWithAPhotoIsPdfA2bAndTagged() throws Exception {
        byte[] pdf = PrintablePhotoTests.render(PrintablePhotoTests.certificate(PrintablePhotoTests.PORTRAIT));

        assertThat(PdfAValidation.failures(pdf)).as("veraPDF PDF/A-2b failures").isEmpty();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(document.getDocumentCatalog().getMarkInfo().isMarked()).isTrue();
            assertThat(document.getDocumentCatalog().getLanguage()).isEqualTo("en-IN");
            List<String> types = new ArrayList<>();
            structure(document.getDocumentCatalog().getStructureTreeRoot(), types);
            assertThat(types).contains("Document", "H1", "H2", "P", "Table", "TR", "TH", "TD", "Figure", "Link");
            for (PDPage page : document.getPages()) {
                for (COSName name : page.getResources().getFontNames()) {
                    PDFont font = page.getResources().getFont(name);
                    assertThat(font).as(font.getName()).isInstanceOf(PDType0Font.class);
                    assertThat(font.isEmbedded()).isTrue();
                    assertThat(font.getName()).as("a subset").matches("[A-Z]{6}\\+NotoSans.*");
                }
            }
        }
    }

    @Test
    void aWithdrawnDocumentOnTwoPagesIsPdfA2b() throws Exception {
        CertificateRenderer renderer = renderer();
        byte[] pdf = renderer.render(new CertificateRenderer.Subject(DocumentUri.parse("in.gov.trial-HSCER-2"), 1,
                "Trial " + "certificate ".repeat(80), DocumentStatus.REVOKED, LocalDate.of(2026, 1, 1), null, null,
                "Trial board", null), null, null);

        assertThat(PdfAValidation.failures(pdf)).as("veraPDF PDF/A-2b failures").isEmpty();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(document.getNumberOfPages()).isEqualTo(2);
        }
    }

    @Test
    void aHindiNamedDocumentIsPdfA2bAndItsTextExtractsAsWritten() throws Exception {
        byte[] pdf = hindiDocument();

        assertThat(PdfAValidation.failures(pdf)).as("veraPDF PDF/A-2b failures").isEmpty();
        Path file = Files.createTempFile("tijori-hindi-", ".pdf");
        try {
            Files.write(file, pdf);
            Process pdftotext = new ProcessBuilder("/usr/bin/pdftotext", "-enc", "UTF-8", file.toString(), "-")
                    .redirectErrorStream(true).start();
            String text = new String(pdftotext.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(pdftotext.waitFor()).isZero();
            assertThat(text).contains("जाति प्रमाण पत्र", "राजस्व विभाग", NAME, SCHOOL, PLACE, SUBJECT);
        }
        finally {
            Files.delete(file);
        }
        try (PDDocument document = Loader.loadPDF(pdf)) {
            List<PDStructureElement> hindi = new ArrayList<>();
            hindiElements(document.getDocumentCatalog().getStructureTreeRoot(), hindi);
            assertThat(hindi).extracting(PDStructureElement::getStructureType).contains("H1", "TD");
        }
    }

    /**
     * The glyphs the PDF shows in Noto Sans Devanagari, named by the font's own glyph names: the conjuncts of the
     * words are single glyphs, no virama shows, and the i-matra comes before its cluster.
     */
    @Test
    void hindiConjunctsPrintAsTheFontsConjunctGlyphs() throws Exception {
        List<String> glyphs = devanagariGlyphNames(hindiDocument());

        assertThat(glyphs).contains("kassadeva", "taradeva", "janyadeva", "sharadeva", "dayadeva", "paradeva",
                "rvocalicvowelsigndeva");
        assertThat(glyphs).as("a virama shown means a conjunct left unformed").doesNotContain("viramadeva");
        assertThat(adjacent(glyphs, "ivowelsign", "paradeva")).as("प्रि: i-matra before प्र").isTrue();
        assertThat(adjacent(glyphs, "ivowelsign", "taradeva")).as("त्रि: i-matra before त्र").isTrue();
        assertThat(adjacent(glyphs, "ivowelsignreph", "tadeva")).as("र्ति: reph and i-matra before त").isTrue();
    }

    static byte[] hindiDocument() {
        String xml = "<Certificate language=\"99\" name=\"जाति प्रमाण पत्र\" type=\"CASTE\" number=\"C-2\">"
                + "<IssuedBy><Organization name=\"राजस्व विभाग\"/></IssuedBy>"
                + "<IssuedTo><Person uid=\"XXXXXXXX4321\" name=\"" + NAME + "\" dob=\"01-02-1990\" gender=\"F\"/>"
                + "</IssuedTo><CertificateData><School name=\"" + SCHOOL + "\" place=\"" + PLACE + "\"/>"
                + "<Subject name=\"" + SUBJECT + "\"/></CertificateData></Certificate>";
        return renderer().render(new CertificateRenderer.Subject(DocumentUri.parse("in.gov.revenue-CASTE-C2"), 1,
                "जाति प्रमाण पत्र", DocumentStatus.ACTIVE, LocalDate.of(2026, 1, 2), null, null, "राजस्व विभाग", null),
                xml.getBytes(StandardCharsets.UTF_8), null);
    }

    private static CertificateRenderer renderer() {
        return new CertificateRenderer("http://localhost:8080", new RenderingStylesheets(Duration.ofSeconds(5), 100_000),
                subject -> "http://localhost:8080/verify/" + subject.uri() + "?p=proof");
    }

    /**
     * Every glyph shown in a Devanagari font, in content-stream order, by its name in the font file Tijori ships
     * (PDFBox embeds a TrueType subset with each CID the glyph's number in the whole font).
     */
    static List<String> devanagariGlyphNames(byte[] pdf) throws Exception {
        TrueTypeFont font;
        try (InputStream in = ArchivalRenderingTests.class.getResourceAsStream("/fonts/NotoSansDevanagari-Regular.ttf")) {
            font = new TTFParser().parse(new RandomAccessReadBuffer(in.readAllBytes()));
        }
        List<String> names = new ArrayList<>();
        try (font; PDDocument document = Loader.loadPDF(pdf)) {
            for (PDPage page : document.getPages()) {
                List<Object> tokens = new PDFStreamParser(page).parse();
                boolean devanagari = false;
                for (int i = 0; i < tokens.size(); i++) {
                    if (!(tokens.get(i) instanceof Operator operator)) {
                        continue;
                    }
                    switch (operator.getName()) {
                        case "Tf" -> devanagari = page.getResources().getFont((COSName) tokens.get(i - 2)).getName()
                                .contains("NotoSansDevanagari-Regular");
                        case "TJ", "Tj" -> {
                            if (devanagari) {
                                List<COSBase> shown = new ArrayList<>();
                                if (tokens.get(i - 1) instanceof COSArray array) {
                                    array.forEach(shown::add);
                                }
                                else {
                                    shown.add((COSBase) tokens.get(i - 1));
                                }
                                for (COSBase item : shown) {
                                    if (item instanceof COSString string) {
                                        byte[] bytes = string.getBytes();
                                        for (int b = 0; b + 1 < bytes.length; b += 2) {
                                            int cid = (bytes[b] & 0xFF) << 8 | bytes[b + 1] & 0xFF;
                                            names.add(font.getPostScript().getName(cid));
                                        }
                                    }
                                }
                            }
                        }
                        default -> {
                        }
                    }
                }
            }
        }
        return names;
    }

    private static boolean adjacent(List<String> glyphs, String firstPrefix, String second) {
        for (int i = 0; i + 1 < glyphs.size(); i++) {
            if (glyphs.get(i).startsWith(firstPrefix) && glyphs.get(i + 1).equals(second)) {
                return true;
            }
        }
        return false;
    }

    private static void structure(PDStructureNode node, List<String> types) {
        for (Object kid : node.getKids()) {
            if (kid instanceof PDStructureElement element) {
                types.add(element.getStructureType());
                structure(element, types);
            }
        }
    }

    private static void hindiElements(PDStructureNode node, List<PDStructureElement> hindi) {
        for (Object kid : node.getKids()) {
            if (kid instanceof PDStructureElement element) {
                if ("hi-IN".equals(element.getLanguage())) {
                    hindi.add(element);
                }
                hindiElements(element, hindi);
            }
        }
    }
}
