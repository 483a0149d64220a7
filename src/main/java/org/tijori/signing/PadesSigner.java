package org.tijori.signing;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.text.BreakIterator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TimeZone;
import java.util.function.Supplier;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.io.RandomAccessStreamCache.StreamCacheCreateFunction;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceDictionary;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceStream;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.ExternalSigningSupport;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.springframework.util.unit.DataSize;

import org.tijori.PdfText;
import org.tijori.PdfText.Weight;
import org.tijori.signing.PdfSignatureOptions.VisibleSignature;
import org.tijori.signing.UnsignableDocumentException.Reason;

/**
 * Signs a PDF at the PAdES baseline B-LT level: a CAdES signature ({@code ETSI.CAdES.detached}) with a signature
 * time-stamp, written as an incremental update, so that signatures already in the file stay valid; the same update
 * adds to the document security store ({@code /DSS}) the certificates of the signer, the time-stamp authority and
 * the CA, and the CA's current CRL, so that the signature can be validated later without asking Tijori, and the
 * signature still covers the whole file.
 * <p>
 * The PDF comes from a resident's upload, which may be anything, so everything is bounded as for the stamped
 * copies of shared PDFs: the file's size while it is copied to a temporary file (never read into memory),
 * PDFBox's scratch memory (a temporary file only), the page count and the time, checked between the steps (PDFBox
 * cannot be stopped inside a load or a save). An encrypted PDF, and one certified with no changes allowed, are
 * refused. Temporary files are deleted whatever happens; nothing reaches {@code out} unless the whole signed PDF
 * was made.
 */
final class PadesSigner {

    /** Room kept for the CMS signature in {@code /Contents}, in bytes (written as twice as many hex digits). */
    static final int SIGNATURE_ROOM = 24 * 1024;

    /** A PDF's header may come anywhere in its first kilobyte (ISO 32000-1, annex H). */
    private static final int HEADER_WINDOW = 1024;

    private static final float FONT_SIZE = 8f;


    private static final DateTimeFormatter SHOWN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /**
     * Limits on signing one file.
     *
     * @param maxInputSize the largest file signed; a larger one is refused as it is read
     * @param maxPages the most pages a signed PDF may have
     * @param timeout how long signing one PDF may take, reading and writing included
     * @param maxScratch how much temporary-file space PDFBox may use for one PDF's working streams
     * @param scratchDirectory where the temporary files go
     */
    record Limits(DataSize maxInputSize, int maxPages, Duration timeout, DataSize maxScratch, Path scratchDirectory) {

        Limits {
            Objects.requireNonNull(maxInputSize, "maxInputSize");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(maxScratch, "maxScratch");
            Objects.requireNonNull(scratchDirectory, "scratchDirectory");
            if (maxPages < 1) {
                throw new IllegalArgumentException("maxPages must be at least 1");
            }
        }
    }

    private final CadesSigner cades;

    private final Limits limits;

    private final Clock clock;

    PadesSigner(CadesSigner cades, Limits limits, Clock clock) {
        this.cades = Objects.requireNonNull(cades, "cades");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Writes to {@code out} the PDF read from {@code pdf}, signed by {@code signer}. Neither stream is closed.
     *
     * @param signer issues the credential for this one signing, once the PDF has been found signable
     * @param validation the certificates and CRLs to keep in the PDF's document security store, given the
     *                   credential
     * @throws UnsignableDocumentException when the PDF is refused; nothing was written to {@code out} then
     * @throws TimeStampUnavailableException when no time-stamp could be had; nothing was written then either
     */
    EsignReceipt sign(InputStream pdf, OutputStream out, Supplier<IssuedCredential> signer, SignerIdentity identity,
            PdfSignatureOptions options, ValidationMaterial validation) {
        Objects.requireNonNull(pdf, "pdf");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(options, "options");
        long deadline = System.nanoTime() + limits.timeout().toNanos();
        Path original = null;
        Path signed = null;
        try {
            original = Files.createTempFile(limits.scratchDirectory(), "tijori-esign-", ".pdf");
            TemporaryFiles.copyBounded(pdf, original, limits.maxInputSize().toBytes(), HEADER_WINDOW, head -> {
                if (!new String(head, StandardCharsets.ISO_8859_1).contains("%PDF-")) {
                    throw new UnsignableDocumentException(Reason.NOT_A_PDF,
                            "The file is not a PDF: it has no %PDF- header in its first kilobyte");
                }
            });
            signed = Files.createTempFile(limits.scratchDirectory(), "tijori-esigned-", ".pdf");
            Signing signing = signFile(original, signed, signer, identity, options, validation, deadline);
            Files.copy(signed, out);
            X509Certificate certificate = signing.credential().certificate();
            return new EsignReceipt(certificate.getSerialNumber().toString(16),
                    certificate.getSubjectX500Principal().getName(), signing.signedAt(),
                    signing.signed().timeStamp().getTimeStampInfo().getGenTime().toInstant());
        }
        catch (IOException e) {
            throw new UncheckedIOException("could not sign a PDF", e);
        }
        finally {
            TemporaryFiles.delete(original);
            TemporaryFiles.delete(signed);
        }
    }

    private record Signing(IssuedCredential credential, CadesSigner.Signed signed, Instant signedAt) {
    }

    private Signing signFile(Path original, Path signed, Supplier<IssuedCredential> signer, SignerIdentity identity,
            PdfSignatureOptions options, ValidationMaterial validation, long deadline) throws IOException {
        try (PDDocument document = load(original)) {
            checkTime(deadline);
            checkSignable(document);
            checkTime(deadline);
            Instant now = clock.instant();
            IssuedCredential credential = signer.get();
            addValidationMaterial(document, validation.forSigning(credential));
            PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(PDSignature.SUBFILTER_ETSI_CADES_DETACHED);
            signature.setName(identity.commonName());
            signature.setReason(options.reason());
            signature.setLocation(options.location());
            signature.setSignDate(calendar(now));
            CadesSigner.Signed cms;
            try (SignatureOptions signatureOptions = new SignatureOptions()) {
                signatureOptions.setPreferredSignatureSize(SIGNATURE_ROOM);
                if (options.visible() != null) {
                    VisibleSignature box = options.visible();
                    signatureOptions.setVisualSignature(appearance(document, box, identity, options, now));
                    signatureOptions.setPage(box.page() - 1);
                }
                document.addSignature(signature, signatureOptions);
                checkTime(deadline);
                try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(signed))) {
                    ExternalSigningSupport external = document.saveIncrementalForExternalSigning(file);
                    try (InputStream content = external.getContent()) {
                        cms = cades.sign(content, credential);
                    }
                    external.setSignature(cms.cms());
                }
            }
            checkTime(deadline);
            return new Signing(credential, cms, now);
        }
        catch (UnsignableDocumentException | TimeStampUnavailableException e) {
            throw e;
        }
        catch (IOException | RuntimeException | StackOverflowError e) {
            if (e instanceof IOException io && io.getMessage() != null && io.getMessage().contains("not enough space")) {
                throw new IllegalStateException("the CMS signature is larger than the room kept for it", e);
            }
            throw new UnsignableDocumentException(Reason.NOT_A_PDF, "The PDF is damaged and cannot be signed: " + e, e);
        }
    }

    private PDDocument load(Path file) throws IOException {
        StreamCacheCreateFunction scratch = MemoryUsageSetting.setupTempFileOnly(limits.maxScratch().toBytes())
                .setTempDir(limits.scratchDirectory().toFile()).streamCache;
        var source = new RandomAccessReadBufferedFile(file.toFile());
        PDDocument document;
        try {
            document = Loader.loadPDF(source, scratch);
        }
        catch (InvalidPasswordException e) {
            source.close();
            throw new UnsignableDocumentException(Reason.ENCRYPTED, "The PDF is protected by a password", e);
        }
        catch (IOException | RuntimeException | StackOverflowError e) {
            source.close();
            throw new UnsignableDocumentException(Reason.NOT_A_PDF, "The file is not a PDF that can be read: "
                    + e.getMessage(), e);
        }
        return document;
    }

    private void checkSignable(PDDocument document) {
        if (document.isEncrypted()) {
            throw new UnsignableDocumentException(Reason.ENCRYPTED,
                    "The PDF is encrypted; an encrypted PDF is not signed, since signing would have to keep its "
                            + "restrictions");
        }
        int claimed = document.getNumberOfPages();
        if (claimed > limits.maxPages()) {
            throw new UnsignableDocumentException(Reason.TOO_MANY_PAGES, "The PDF has more than " + limits.maxPages()
                    + " pages, the most a signed PDF may have");
        }
        if (claimed < 1) {
            throw new UnsignableDocumentException(Reason.NOT_A_PDF, "The PDF has no pages");
        }
        if (certifiedWithoutChanges(document.getDocumentCatalog())) {
            throw new UnsignableDocumentException(Reason.LOCKED,
                    "The PDF was certified by its author with no changes allowed, so another signature would "
                            + "invalidate that certification");
        }
    }

    /** A certification signature (DocMDP) whose permissions are 1: no changes at all, signatures included. */
    private static boolean certifiedWithoutChanges(PDDocumentCatalog catalog) {
        COSDictionary perms = catalog.getCOSObject().getCOSDictionary(COSName.PERMS);
        COSDictionary docMdp = perms == null ? null : perms.getCOSDictionary(COSName.DOCMDP);
        COSArray references = docMdp == null ? null : docMdp.getCOSArray(COSName.getPDFName("Reference"));
        if (references == null) {
            return false;
        }
        for (int i = 0; i < references.size(); i++) {
            if (references.getObject(i) instanceof COSDictionary reference
                    && COSName.DOCMDP.equals(reference.getCOSName(COSName.getPDFName("TransformMethod")))) {
                COSDictionary parameters = reference.getCOSDictionary(COSName.getPDFName("TransformParams"));
                if (parameters != null && parameters.getInt(COSName.P, 2) == 1) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The visible signature as a one-page PDF holding a signature field with its appearance, which PDFBox merges
     * into the document (the approach of PDFBox's own CreateVisibleSignature2 example).
     */
    private InputStream appearance(PDDocument document, VisibleSignature box, SignerIdentity identity,
            PdfSignatureOptions options, Instant now) throws IOException {
        if (box.page() > document.getNumberOfPages()) {
            throw new UnsignableDocumentException(Reason.BAD_PLACEMENT, "The PDF has no page " + box.page());
        }
        PDPage target = document.getPage(box.page() - 1);
        PDRectangle crop = target.getCropBox();
        if (box.x() + box.width() > crop.getWidth() || box.y() + box.height() > crop.getHeight()) {
            throw new UnsignableDocumentException(Reason.BAD_PLACEMENT, "The signature box does not fit on page "
                    + box.page() + " (" + crop.getWidth() + " by " + crop.getHeight() + " points)");
        }
        PDRectangle rectangle = new PDRectangle(crop.getLowerLeftX() + box.x(), crop.getLowerLeftY() + box.y(),
                box.width(), box.height());
        try (PDDocument template = new PDDocument()) {
            PDPage page = new PDPage(target.getMediaBox());
            template.addPage(page);
            PDAcroForm form = new PDAcroForm(template);
            template.getDocumentCatalog().setAcroForm(form);
            PDSignatureField field = new PDSignatureField(form);
            PDAnnotationWidget widget = field.getWidgets().get(0);
            form.setSignaturesExist(true);
            form.setAppendOnly(true);
            form.getCOSObject().setDirect(true);
            form.getFields().add(field);
            widget.setRectangle(rectangle);
            PDFormXObject xobject = new PDFormXObject(new PDStream(template));
            xobject.setResources(new PDResources());
            xobject.setFormType(1);
            xobject.setBBox(new PDRectangle(box.width(), box.height()));
            PDAppearanceDictionary appearance = new PDAppearanceDictionary();
            appearance.getCOSObject().setDirect(true);
            PDAppearanceStream stream = new PDAppearanceStream(xobject.getCOSObject());
            appearance.setNormalAppearance(stream);
            widget.setAppearance(appearance);
            List<String> lines = new ArrayList<>();
            lines.add("Digitally signed by " + identity.commonName());
            lines.add("Date: " + SHOWN_TIME.format(now));
            if (options.reason() != null) {
                lines.add("Reason: " + options.reason());
            }
            if (options.location() != null) {
                lines.add("Location: " + options.location());
            }
            PdfText text = PdfText.in(template);
            try (PDPageContentStream content = new PDPageContentStream(template, stream)) {
                content.setStrokingColor(0.2f, 0.35f, 0.6f);
                content.setLineWidth(1f);
                content.addRect(0.5f, 0.5f, box.width() - 1, box.height() - 1);
                content.stroke();
                content.beginText();
                content.setNonStrokingColor(0.1f);
                content.setLeading(FONT_SIZE * 1.3f);
                content.newLineAtOffset(4, box.height() - 4 - FONT_SIZE);
                for (String line : lines) {
                    text.show(content, fit(PdfText.printable(line), text, box.width() - 8), Weight.REGULAR, FONT_SIZE);
                    content.newLine();
                }
                content.endText();
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            template.save(bytes);
            return new java.io.ByteArrayInputStream(bytes.toByteArray());
        }
    }

    /**
     * The line, or as much of it as fits in {@code room} points followed by an ellipsis; cut between characters as
     * a reader sees them, so that a Devanagari cluster is never split.
     */
    private static String fit(String line, PdfText text, float room) {
        if (text.width(line, Weight.REGULAR, FONT_SIZE) <= room) {
            return line;
        }
        BreakIterator characters = BreakIterator.getCharacterInstance();
        characters.setText(line);
        for (int end = characters.last(); end != BreakIterator.DONE && end > 0; end = characters.previous()) {
            String cut = line.substring(0, end) + "\u2026";
            if (text.width(cut, Weight.REGULAR, FONT_SIZE) <= room) {
                return cut;
            }
        }
        return "";
    }

    /**
     * The B-LT part: a document security store with the certificates and CRLs, in the same incremental update as
     * the signature and covered by it, so that a validator finds the whole document signed (what PDFBox's
     * AddValidationInformation example does in a later update, without the per-signature VRI entries that PAdES no
     * longer needs).
     */
    private static void addValidationMaterial(PDDocument document, ValidationMaterial.Material material)
            throws IOException {
        PDDocumentCatalog catalog = document.getDocumentCatalog();
        COSName key = COSName.getPDFName("DSS");
        COSDictionary dss = catalog.getCOSObject().getCOSDictionary(key);
        if (dss == null) {
            dss = new COSDictionary();
            catalog.getCOSObject().setItem(key, dss);
        }
        add(document, dss, "Certs", material.certificates());
        add(document, dss, "CRLs", material.crls());
        dss.setNeedToBeUpdated(true);
        catalog.getCOSObject().setNeedToBeUpdated(true);
    }

    /** Adds each DER encoding as a stream to the array {@code key} of the store, once. */
    private static void add(PDDocument document, COSDictionary dss, String key, List<byte[]> encodings)
            throws IOException {
        COSName name = COSName.getPDFName(key);
        COSArray array = dss.getCOSArray(name);
        if (array == null) {
            array = new COSArray();
            dss.setItem(name, array);
        }
        Map<String, Boolean> present = new LinkedHashMap<>();
        for (int i = 0; i < array.size(); i++) {
            if (array.getObject(i) instanceof COSStream stream) {
                try (InputStream in = stream.createInputStream()) {
                    present.put(java.util.HexFormat.of().formatHex(in.readNBytes(64 * 1024)), true);
                }
            }
        }
        for (byte[] der : encodings) {
            if (present.putIfAbsent(java.util.HexFormat.of().formatHex(der), true) != null) {
                continue;
            }
            COSStream stream = document.getDocument().createCOSStream();
            try (OutputStream out = stream.createOutputStream(COSName.FLATE_DECODE)) {
                out.write(der);
            }
            array.add(stream);
        }
        array.setNeedToBeUpdated(true);
    }

    private void checkTime(long deadline) {
        if (System.nanoTime() - deadline > 0) {
            throw new UnsignableDocumentException(Reason.TOO_SLOW, "Signing the PDF took longer than "
                    + limits.timeout() + ", so it was abandoned");
        }
    }

    private static Calendar calendar(Instant instant) {
        GregorianCalendar calendar = new GregorianCalendar(TimeZone.getTimeZone(ZoneOffset.UTC));
        calendar.setTimeInMillis(instant.toEpochMilli());
        return calendar;
    }

    static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        }
        catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] der(java.security.cert.X509CRL crl) {
        try {
            return crl.getEncoded();
        }
        catch (CRLException e) {
            throw new IllegalStateException(e);
        }
    }
}
