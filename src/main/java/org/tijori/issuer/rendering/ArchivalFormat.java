package org.tijori.issuer.rendering;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.graphics.color.PDOutputIntent;
import org.apache.xmpbox.XMPMetadata;
import org.apache.xmpbox.schema.DublinCoreSchema;
import org.apache.xmpbox.schema.PDFAIdentificationSchema;
import org.apache.xmpbox.schema.XMPBasicSchema;
import org.apache.xmpbox.type.BadFieldValueException;
import org.apache.xmpbox.xml.XmpSerializer;

/**
 * What makes a rendered PDF a PDF/A-2b file (ISO 19005-2, level B: the pages look the same in every reader,
 * in a hundred years): XMP metadata that says so and repeats the document information, and an sRGB output intent
 * for the colours. The fonts are embedded by {@link org.tijori.PdfText}; there is no transparency, no encryption,
 * and nothing that runs.
 * <p>
 * PDF/A-2b rather than PDF/A-3b with the issuer's signed XML attached: that XML holds the holder's whole national
 * ID, which the page prints masked, and a PDF travels further than the locker (share links, requesters); the
 * XML's hash is already in the signed proof of the printed QR code, which is what a verifier checks.
 * <p>
 * The profile ({@code color/sRGB.icc}) is Little CMS's ICC v2 sRGB profile from Debian's icc-profiles-free, under
 * the zlib licence ({@code color/sRGB.icc.LICENSE}); 6.9 KB, read once.
 */
final class ArchivalFormat {

    private static final String SRGB = "sRGB IEC61966-2.1";

    private static final byte[] PROFILE = profile();

    private ArchivalFormat() {
    }

    /** Adds the metadata and output intent; call when the document information is complete. */
    static void apply(PDDocument pdf) throws IOException {
        PDDocumentCatalog catalog = pdf.getDocumentCatalog();
        PDDocumentInformation info = pdf.getDocumentInformation();
        XMPMetadata xmp = XMPMetadata.createXMPMetadata();
        PDFAIdentificationSchema identification = xmp.createAndAddPDFAIdentificationSchema();
        try {
            identification.setPart(2);
            identification.setConformance("B");
        }
        catch (BadFieldValueException e) {
            throw new IllegalStateException(e);
        }
        DublinCoreSchema dublinCore = xmp.createAndAddDublinCoreSchema();
        if (info.getTitle() != null) {
            dublinCore.setTitle(info.getTitle());
        }
        if (info.getAuthor() != null) {
            dublinCore.addCreator(info.getAuthor());
        }
        if (info.getSubject() != null) {
            dublinCore.addDescription(null, info.getSubject());
        }
        XMPBasicSchema basic = xmp.createAndAddXMPBasicSchema();
        if (info.getCreator() != null) {
            basic.setCreatorTool(info.getCreator());
        }
        ByteArrayOutputStream serialized = new ByteArrayOutputStream(2048);
        try {
            new XmpSerializer().serialize(xmp, serialized, true);
        }
        catch (javax.xml.transform.TransformerException e) {
            throw new IOException("could not write the XMP metadata", e);
        }
        PDMetadata metadata = new PDMetadata(pdf);
        metadata.importXMPMetadata(serialized.toByteArray());
        catalog.setMetadata(metadata);
        PDOutputIntent intent = new PDOutputIntent(pdf, new java.io.ByteArrayInputStream(PROFILE));
        intent.setInfo(SRGB);
        intent.setOutputCondition(SRGB);
        intent.setOutputConditionIdentifier(SRGB);
        intent.setRegistryName("http://www.color.org");
        catalog.addOutputIntent(intent);
    }

    private static byte[] profile() {
        try (InputStream in = ArchivalFormat.class.getResourceAsStream("/color/sRGB.icc")) {
            if (in == null) {
                throw new IllegalStateException("the sRGB profile color/sRGB.icc is missing from the classpath");
            }
            return in.readAllBytes();
        }
        catch (IOException e) {
            throw new UncheckedIOException("could not read the sRGB profile", e);
        }
    }
}
