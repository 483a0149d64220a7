package org.tijori.issuer.rendering;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import com.google.zxing.qrcode.encoder.ByteMatrix;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.documentinterchange.logicalstructure.PDStructureElement;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceGray;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceRGB;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDBorderStyleDictionary;
import org.apache.pdfbox.util.Matrix;
import org.tijori.PdfText;
import org.tijori.PdfText.Weight;
import org.tijori.issuer.DocumentProofs;
import org.tijori.issuer.DocumentStatus;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.ProofSubject;
import org.tijori.issuer.intake.XmlElements;
import org.tijori.signing.SecureXml;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * A clean, printable PDF of an issued document, for issuers that send only the Certificate XML:
 * issuer, recipient (with the photo, when it is a {@link PrintablePhoto}), the fields of {@code CertificateData},
 * dates, status, and a QR code that holds
 * Tijori's signed proof for this version behind the document's public verification address (ADR 22).
 * The code is drawn as vector rectangles at level M, each module on whole pixels of a 150 dpi scan of the page, so
 * that it reads from an A4 print at 150 dpi even at its largest (version 30) and blurred; the Info entry
 * {@value #VERIFICATION_ENTRY} holds the same link for a verifier who uploads the PDF.
 * <p>
 * The PDF is PDF/A-2b ({@link ArchivalFormat}) and tagged ({@link StructureTags}): headings, paragraphs, the
 * fields as tables of label and value, the photo and the code as figures with their alternate text. Text is set
 * in Noto Sans and Noto Sans Devanagari, embedded as subsets, so Hindi names and fields print shaped
 * ({@link PdfText}).
 */
public final class CertificateRenderer {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd MMM uuuu", Locale.ENGLISH);

    private static final float MARGIN = 50;

    /** A pixel of the {@value PrintedQrCodes#DPI} dpi scan a code must survive, in points: 0.48. */
    private static final double PIXEL = 72.0 / PrintedQrCodes.DPI;

    /**
     * The side of one QR module in points: 1.92 pt (0.68 mm), {@value PrintedQrCodes#MODULE_PIXELS} whole pixels
     * at 150 dpi (8 dots at 300 dpi, 16 at 600). ADR 22 first chose 1.5 pt, which read sharp but not after a 3x3
     * blur at 150 dpi; then 2 pt, 4.17 pixels, whose modules fell across pixels unevenly.
     */
    static final float MODULE = (float) (PrintedQrCodes.MODULE_PIXELS * PIXEL);

    /** The PDF's Info entry that holds the verification link. */
    public static final String VERIFICATION_ENTRY = DocumentProofs.PDF_LINK_ENTRY;

    private final String verifyPage;

    private final RenderingStylesheets stylesheets;

    private final DocumentProofs proofs;

    /**
     * @param baseUrl Tijori's public address, where the PDF says it can be uploaded ({@code baseUrl/verify})
     * @param proofs makes the QR code's link, with its proof
     */
    public CertificateRenderer(String baseUrl, RenderingStylesheets stylesheets, DocumentProofs proofs) {
        this.verifyPage = (baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl) + "/verify";
        this.stylesheets = stylesheets;
        this.proofs = proofs;
    }

    /**
     * What to print besides the Certificate XML, which may be absent (a URI pushed without content).
     *
     * @param xmlSha256 the hex SHA-256 of that XML as issued, or {@code null} without one
     */
    public record Subject(DocumentUri uri, int version, String docName, DocumentStatus status, LocalDate issuedOn,
            LocalDate validFrom, LocalDate validTo, String issuerName, String xmlSha256) {
    }

    /**
     * @param xslt the issuer's way of printing the details of this doc type, or null for every field of
     *             {@code CertificateData}; when it fails or runs past its limits, the standard way is used
     */
    public byte[] render(Subject subject, byte[] certificateXml, String xslt) {
        Element certificate = certificateXml == null ? null
                : SecureXml.parse(certificateXml, Integer.MAX_VALUE - 16).getDocumentElement();
        List<RenderingStylesheet.Section> sections = certificate == null ? null
                : stylesheets.apply(xslt, certificate.getOwnerDocument(), subject.uri()).orElse(null);
        try (PDDocument pdf = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024)) {
            PDDocumentInformation info = pdf.getDocumentInformation();
            info.setTitle(clean(subject.docName()));
            info.setAuthor(clean(subject.issuerName()));
            info.setSubject(subject.uri().toString());
            info.setCreator(DocumentProofs.PDF_CREATOR);
            Writer writer = new Writer(pdf);
            writer.line(Weight.BOLD, 11, subject.issuerName(), 0.35f, "P");
            writer.line(Weight.BOLD, 20, subject.docName(), 0, "H1");
            writer.gap(6);
            if (subject.status() != DocumentStatus.ACTIVE) {
                writer.alert(statusLine(subject.status()));
                writer.gap(4);
            }
            Element person = certificate == null ? null : path(certificate, "IssuedTo", "Person");
            String link = proofs.link(new ProofSubject(subject.uri(), subject.version(), subject.issuedOn(),
                    XmlElements.holder(certificate), subject.xmlSha256()));
            info.setCustomMetadataValue(VERIFICATION_ENTRY, link);
            if (person != null) {
                writer.heading("Issued to");
                photo(person, writer);
                writer.field("Name", person.getAttribute("name"));
                writer.field("Date of birth", person.getAttribute("dob"));
                writer.field("Gender", gender(person.getAttribute("gender")));
                String uid = person.getAttribute("uid");
                if (uid.length() == 12) {
                    writer.field("National ID", "XXXX XXXX " + uid.substring(8));
                }
            }
            writer.heading("Document");
            writer.field("Issued by", organisation(certificate, subject.issuerName()));
            writer.field("Document number", subject.uri().docId());
            writer.field("Issued on", day(subject.issuedOn()));
            writer.field("Valid from", day(subject.validFrom()));
            writer.field("Valid until", subject.validTo() == null ? "No expiry" : day(subject.validTo()));
            writer.field("Status", subject.status().name().charAt(0) + subject.status().name().substring(1)
                    .toLowerCase(Locale.ROOT));
            Element data = certificate == null ? null : path(certificate, "CertificateData");
            if (sections != null) {
                for (RenderingStylesheet.Section section : sections) {
                    writer.heading(section.heading());
                    for (String[] field : section.fields()) {
                        writer.field(field[0], field[1]);
                    }
                }
            }
            else if (data != null) {
                writer.heading("Details");
                fields(data, "", writer);
            }
            writer.gap(12);
            writer.verification(subject.uri(), link, verifyPage);
            writer.close();
            ArchivalFormat.apply(pdf);
            pdf.save(out);
            return out.toByteArray();
        }
        catch (IOException e) {
            throw new UncheckedIOException("could not render the PDF of " + subject.uri(), e);
        }
    }

    /**
     * The holder's photo ({@code Person/Photo}, DigiLocker's Certificate XML), when it is a {@link PrintablePhoto}:
     * drawn as the JPEG it is, never decoded here. One that is not is left out, with a line that says why.
     */
    private static void photo(Element person, Writer writer) throws IOException {
        Element photo = XmlElements.child(person, "Photo");
        if (photo == null) {
            return;
        }
        String format = photo.getAttribute("format").strip().toLowerCase(Locale.ROOT);
        if (!format.isEmpty() && !format.equals("jpeg") && !format.equals("jpg")) {
            writer.field("Photo", "Not shown: only JPEG photos are printed.");
            return;
        }
        PrintablePhoto printable;
        try {
            printable = PrintablePhoto.fromBase64(photo.getTextContent());
        }
        catch (IllegalArgumentException e) {
            writer.field("Photo", "Not shown: " + e.getMessage() + ".");
            return;
        }
        writer.photo(printable, clean(person.getAttribute("name")).strip());
    }

    /** Every attribute of every element under {@code CertificateData}, labelled by where it sits. */
    private static void fields(Element element, String prefix, Writer writer) throws IOException {
        String label = prefix.isEmpty() ? "" : prefix;
        NamedNodeMap attributes = element.getAttributes();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            if (!attribute.getValue().isBlank() && !attribute.getName().startsWith("xmlns")) {
                values.add(words(attribute.getName()) + ": " + attribute.getValue());
            }
        }
        if (!values.isEmpty()) {
            writer.field(label.isEmpty() ? words(element.getLocalName() == null ? element.getNodeName()
                    : element.getLocalName()) : label, String.join(",  ", values));
        }
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element child) {
                String name = words(child.getLocalName() == null ? child.getNodeName() : child.getLocalName());
                fields(child, name, writer);
            }
            else if (node.getNodeType() == Node.TEXT_NODE && !node.getTextContent().isBlank()) {
                writer.field(label.isEmpty() ? "Value" : label, node.getTextContent().strip());
            }
        }
    }

    private static Element path(Element from, String... names) {
        Element current = from;
        for (String name : names) {
            current = current == null ? null : XmlElements.child(current, name);
        }
        return current;
    }

    private static String organisation(Element certificate, String fallback) {
        Element organisation = certificate == null ? null : path(certificate, "IssuedBy", "Organization");
        return organisation == null || organisation.getAttribute("name").isBlank() ? fallback
                : organisation.getAttribute("name");
    }

    private static String statusLine(DocumentStatus status) {
        return switch (status) {
            case REVOKED -> "REVOKED by the issuer: this document is no longer valid.";
            case SUSPENDED -> "SUSPENDED by the issuer: this document is not valid at present.";
            case SUPERSEDED -> "SUPERSEDED: a newer version of this document exists.";
            case DELETED -> "WITHDRAWN by the issuer: this document is no longer valid.";
            case ACTIVE -> "";
        };
    }

    private static String gender(String code) {
        return switch (code) {
            case "M" -> "Male";
            case "F" -> "Female";
            case "T" -> "Transgender";
            default -> code;
        };
    }

    private static String day(LocalDate date) {
        return date == null ? "" : date.format(DAY);
    }

    /** {@code marksTotal} as "Marks total", {@code Subject} as "Subject". */
    static String words(String name) {
        return FieldNames.words(name);
    }

    /** Text as the fonts print it: on one line, with '?' for what neither font has. */
    static String clean(String text) {
        return PdfText.printable(text);
    }

    /** Writes lines down A4 pages, starting a new page when one is full. */
    private static final class Writer {

        private static final float PHOTO_WIDTH = 99;

        private static final float PHOTO_HEIGHT = 128;

        private final PDDocument pdf;

        private final PdfText text;

        private final StructureTags tags;

        /** The table the fields since the last heading go in, made at the first of them. */
        private PDStructureElement table;

        private PDPage page;

        private PDPageContentStream content;

        private float y;

        private final float width = PDRectangle.A4.getWidth() - 2 * MARGIN;

        Writer(PDDocument pdf) throws IOException {
            this.pdf = pdf;
            this.text = PdfText.in(pdf);
            this.tags = new StructureTags(pdf);
            newPage();
        }

        void heading(String heading) throws IOException {
            gap(10);
            line(Weight.BOLD, 12, heading, 0.2f, "H2");
            gap(2);
        }

        /** A row of the current table: the label as its header cell, the value (wrapped) as its data cell. */
        void field(String label, String value) throws IOException {
            if (value == null || value.isBlank()) {
                return;
            }
            float labelWidth = 150;
            String shownLabel = clean(label);
            List<String> lines = wrap(Weight.REGULAR, 10, clean(value), width - labelWidth);
            room(14 * lines.size());
            if (table == null) {
                table = tags.add("Table");
            }
            PDStructureElement row = tags.add(table, "TR");
            PDStructureElement header = tags.rowHeader(row);
            StructureTags.language(header, shownLabel);
            tags.begin(content, page, header, shownLabel);
            write(Weight.BOLD, 10, shownLabel, MARGIN, 0.35f);
            tags.end(content);
            PDStructureElement cell = tags.add(row, "TD");
            StructureTags.language(cell, value);
            for (String line : lines) {
                tags.begin(content, page, cell, line);
                write(Weight.REGULAR, 10, line, MARGIN + labelWidth, 0);
                tags.end(content);
                y -= 14;
            }
        }

        /** {@code text} wrapped to the page's width, as one element of {@code type} ({@code H1}, {@code P}...). */
        void line(Weight weight, float size, String line, float grey, String type) throws IOException {
            PDStructureElement element = tags.add(type);
            StructureTags.language(element, line);
            if (!type.equals("P")) {
                table = null;
            }
            for (String shown : wrap(weight, size, clean(line), width)) {
                room(size * 1.4f);
                tags.begin(content, page, element, shown);
                write(weight, size, shown, MARGIN, grey);
                tags.end(content);
                y -= size * 1.4f;
            }
        }

        /** A warning in dark red, for a document that is no longer valid. */
        void alert(String alert) throws IOException {
            PDStructureElement element = tags.add("P");
            for (String line : wrap(Weight.BOLD, 13, clean(alert), width)) {
                room(13 * 1.4f);
                tags.begin(content, page, element, line);
                content.setNonStrokingColor(0.7f, 0f, 0f);
                writeAt(Weight.BOLD, 13, line, MARGIN, y - 13);
                content.setNonStrokingColor(0f, 0f, 0f);
                tags.end(content);
                y -= 13 * 1.4f;
            }
        }

        void gap(float points) {
            y -= points;
        }

        /**
         * A photo in a box of {@value #PHOTO_WIDTH} by {@value #PHOTO_HEIGHT} points (an ID photo's 3.5 by 4.5 cm),
         * scaled to fit and kept in proportion, the JPEG embedded as it is ({@code DCTDecode}).
         */
        void photo(PrintablePhoto photo, String holder) throws IOException {
            float scale = Math.min(PHOTO_WIDTH / photo.width(), PHOTO_HEIGHT / photo.height());
            float shownWidth = photo.width() * scale;
            float shownHeight = photo.height() * scale;
            room(shownHeight + 6);
            PDImageXObject image = new PDImageXObject(pdf, new ByteArrayInputStream(photo.jpeg()),
                    COSName.DCT_DECODE, photo.width(), photo.height(), 8,
                    photo.components() == 1 ? PDDeviceGray.INSTANCE : PDDeviceRGB.INSTANCE);
            PDStructureElement figure = tags.add("Figure");
            figure.setAlternateDescription(holder.isBlank() ? "Photograph of the holder" : "Photograph of " + holder);
            StructureTags.language(figure, holder);
            tags.begin(content, page, figure, null);
            content.drawImage(image, MARGIN, y - shownHeight, shownWidth, shownHeight);
            tags.end(content);
            y -= shownHeight + 6;
        }

        /**
         * The QR code of the link as one filled path, a rectangle for each run of dark modules along a row, with a
         * link annotation over it, and beside it what to do with it; the link itself is not printed (nobody types
         * 500 characters). The code's corner sits on a pixel of a 150 dpi scan of the page, counted from the page's
         * top left as a renderer counts them (A4's 841.89 pt is no whole number of pixels), so that every module
         * covers whole pixels, as {@link PrintedQrCodes} reads it back.
         */
        void verification(DocumentUri uri, String link, String verifyPage) throws IOException {
            ByteMatrix matrix = PrintedQrCodes.readable(link);
            int quietZone = PrintedQrCodes.QUIET_ZONE;
            float side = (matrix.getWidth() + 2 * quietZone) * MODULE;
            room((float) (side + PIXEL + 10));
            double pageHeight = page.getMediaBox().getHeight();
            long leftPixels = (long) Math.ceil(MARGIN / PIXEL);
            long topPixels = (long) Math.ceil((pageHeight - y) / PIXEL);
            float left = (float) (leftPixels * PIXEL);
            float bottom = (float) (pageHeight - topPixels * PIXEL) - side;
            long quietPixels = quietZone * PrintedQrCodes.MODULE_PIXELS;
            PDStructureElement figure = tags.add("Figure");
            figure.setAlternateDescription("QR code to verify this document online");
            tags.begin(content, page, figure, null);
            content.saveGraphicsState();
            // One unit a module, rows counted down from the code's top left corner.
            content.transform(new Matrix(MODULE, 0, 0, -MODULE, (float) ((leftPixels + quietPixels) * PIXEL),
                    (float) (pageHeight - (topPixels + quietPixels) * PIXEL)));
            content.drawForm(modules(matrix));
            content.restoreGraphicsState();
            tags.end(content);
            PDAnnotationLink annotation = new PDAnnotationLink();
            annotation.setRectangle(new PDRectangle(left, bottom, side, side));
            PDBorderStyleDictionary noBorder = new PDBorderStyleDictionary();
            noBorder.setWidth(0);
            annotation.setBorderStyle(noBorder);
            PDActionURI action = new PDActionURI();
            action.setURI(link);
            annotation.setAction(action);
            annotation.setPrinted(true);
            annotation.setContents("Verify this document online");
            page.getAnnotations().add(annotation);
            tags.annotation(annotation, tags.add("Link"));
            float textX = left + side + 15;
            float textWidth = width - side - 15;
            float lineY = y - 20;
            PDStructureElement heading = tags.add("H2");
            tags.begin(content, page, heading, "Verify this document");
            writeAt(Weight.BOLD, 10, "Verify this document", textX, lineY);
            tags.end(content);
            lineY -= 14;
            PDStructureElement how = tags.add("P");
            for (String line : wrap(Weight.REGULAR, 9, clean("Scan the code with a phone camera, or upload this PDF at "
                    + verifyPage), textWidth)) {
                tags.begin(content, page, how, line);
                writeAt(Weight.REGULAR, 9, line, textX, lineY);
                tags.end(content);
                lineY -= 12;
            }
            PDStructureElement which = tags.add("P");
            for (String line : cut(Weight.REGULAR, 8, "URI: " + clean(uri.toString()), textWidth)) {
                tags.begin(content, page, which, line);
                writeAt(Weight.REGULAR, 8, line, textX, lineY - 4);
                tags.end(content);
                lineY -= 11;
            }
            y = bottom - 10;
        }

        /**
         * The code's dark modules as a form of one unit a module, filled as one path of a rectangle a run along
         * each row (rectangles that touch leave no seam between them when drawn). Its operators (26 KB for a
         * typical code, 60 KB for the largest) are compressed at Flate's fastest level: a quarter of the default
         * level's time, for a third more bytes.
         */
        private PDFormXObject modules(ByteMatrix matrix) throws IOException {
            StringBuilder path = new StringBuilder(matrix.getWidth() * matrix.getHeight() / 2).append("0 g\n");
            for (int row = 0; row < matrix.getHeight(); row++) {
                byte[] modules = matrix.getArray()[row];
                for (int column = 0; column < modules.length; column++) {
                    if (modules[column] == 1) {
                        int start = column;
                        while (column + 1 < modules.length && modules[column + 1] == 1) {
                            column++;
                        }
                        path.append(start).append(' ').append(row).append(' ').append(column - start + 1)
                                .append(" 1 re\n");
                    }
                }
            }
            path.append("f\n");
            PDFormXObject form = new PDFormXObject(pdf);
            form.setBBox(new PDRectangle(0, 0, matrix.getWidth(), matrix.getHeight()));
            Deflater deflater = new Deflater(Deflater.BEST_SPEED);
            try (OutputStream out = new DeflaterOutputStream(form.getCOSObject().createRawOutputStream(), deflater)) {
                out.write(path.toString().getBytes(StandardCharsets.US_ASCII));
            }
            finally {
                deflater.end();
            }
            form.getCOSObject().setItem(COSName.FILTER, COSName.FLATE_DECODE);
            return form;
        }

        void close() throws IOException {
            content.close();
            tags.finish();
        }

        private void room(float needed) throws IOException {
            if (y - needed < MARGIN) {
                content.close();
                newPage();
            }
        }

        private void newPage() throws IOException {
            page = new PDPage(PDRectangle.A4);
            pdf.addPage(page);
            content = new PDPageContentStream(pdf, page);
            y = PDRectangle.A4.getHeight() - MARGIN;
        }

        private void write(Weight weight, float size, String shown, float x, float grey) throws IOException {
            content.setNonStrokingColor(grey, grey, grey);
            writeAt(weight, size, shown, x, y - size);
            content.setNonStrokingColor(0f, 0f, 0f);
        }

        private void writeAt(Weight weight, float size, String shown, float x, float atY) throws IOException {
            content.beginText();
            content.newLineAtOffset(x, atY);
            text.show(content, shown, weight, size);
            content.endText();
        }

        /**
         * Text without spaces (a URI of up to 178 characters) in lines cut wherever they are full: the longest
         * piece that fits, found by halving.
         */
        private List<String> cut(Weight weight, float size, String cut, float width) {
            List<String> lines = new ArrayList<>();
            int start = 0;
            while (start < cut.length()) {
                int low = start + 1;
                int high = cut.length();
                while (low < high) {
                    int middle = (low + high + 1) >>> 1;
                    if (text.width(cut.substring(start, middle), weight, size) <= width) {
                        low = middle;
                    }
                    else {
                        high = middle - 1;
                    }
                }
                lines.add(cut.substring(start, low));
                start = low;
            }
            if (lines.isEmpty()) {
                lines.add("");
            }
            return lines;
        }

        private List<String> wrap(Weight weight, float size, String wrapped, float width) {
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (String word : wrapped.split(" ")) {
                String candidate = line.isEmpty() ? word : line + " " + word;
                if (text.width(candidate, weight, size) <= width || line.isEmpty()) {
                    line.setLength(0);
                    line.append(candidate);
                }
                else {
                    lines.add(line.toString());
                    line.setLength(0);
                    line.append(word);
                }
            }
            lines.add(line.toString());
            return lines;
        }
    }
}
