package org.tijori.signing.dss;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.DSSException;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.pades.PAdESUtils;
import eu.europa.esig.dss.pades.validation.ByteRange;
import eu.europa.esig.dss.pades.validation.PdfByteRangeDocument;
import eu.europa.esig.dss.pades.validation.PdfRevision;
import eu.europa.esig.dss.pades.validation.PdfSignatureDictionary;
import eu.europa.esig.dss.pades.validation.PdfSignatureField;
import eu.europa.esig.dss.pades.validation.dss.PdfCompositeDssDictionary;
import eu.europa.esig.dss.pdf.PDFServiceMode;
import eu.europa.esig.dss.pdf.PdfCMSRevision;
import eu.europa.esig.dss.pdf.PdfDocDssRevision;
import eu.europa.esig.dss.pdf.PdfDocTimestampRevision;
import eu.europa.esig.dss.pdf.PdfDocumentReader;
import eu.europa.esig.dss.pdf.PdfDssDict;
import eu.europa.esig.dss.pdf.PdfSignatureDictionaryComparator;
import eu.europa.esig.dss.pdf.PdfSignatureRevision;
import eu.europa.esig.dss.pdf.modifications.PdfModificationDetection;
import eu.europa.esig.dss.pdf.modifications.PdfObjectModifications;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxSignatureService;
import eu.europa.esig.dss.pdf.pdfbox.visible.defaultdrawer.PdfBoxDefaultSignatureDrawerFactory;
import eu.europa.esig.dss.spi.DSSUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DSS's PDFBox signature service, reading a PDF's revisions in one pass over its bytes ({@link RevisionEnds})
 * instead of DSS 6.3's byte-at-a-time scan, which was three quarters of the time of a signature check. Everything
 * else is DSS's: the same readers, signature dictionaries, revisions and checks, in the same order as DSS's
 * {@code AbstractPDFSignatureService.getRevisions} (which calls the scan directly and so cannot be given another):
 * <ul>
 * <li>signature dictionaries from the latest revision to the first;</li>
 * <li>each {@code /ByteRange} checked against {@code /Contents} and the file's length (a broken one gives an empty
 * signed content, so the signature fails);</li>
 * <li>each signature dictionary compared with its own revision's (a dictionary changed after signing marks it
 * inconsistent);</li>
 * <li>a revision of the DSS dictionary (validation data) recorded wherever it changed between revisions.</li>
 * </ul>
 * {@code OnePassSignatureServiceTests} holds the revisions it finds to DSS's on signed, twice-signed, time-stamped
 * and tampered PDFs. Used only to validate: signing goes through PDFBox in {@code PadesSigner}.
 */
final class OnePassSignatureService extends PdfBoxSignatureService {

    private static final Logger log = LoggerFactory.getLogger(OnePassSignatureService.class);

    /**
     * The file being checked, when DSS holds it in memory. DSS makes a service for each use and uses it for one
     * document, so this is set where each use begins.
     */
    private InMemoryDocument file;

    OnePassSignatureService() {
        super(PDFServiceMode.SIGNATURE, new PdfBoxDefaultSignatureDrawerFactory());
    }

    @Override
    public List<PdfRevision> getRevisions(DSSDocument document, char[] password) {
        Objects.requireNonNull(document, "DSSDocument shall be provided!");
        file = document instanceof InMemoryDocument inMemory ? inMemory : null;
        List<PdfByteRangeDocument> revisionDocuments = revisionDocuments(document);
        List<PdfRevision> revisions = new ArrayList<>();
        try (PdfDocumentReader reader = loadPdfDocumentReader(document, password)) {
            PdfCompositeDssDictionary composite = new PdfCompositeDssDictionary();
            PdfDssDict finalDss = reader.getDSSDictionary();
            PdfDssDict lastDss = finalDss;
            composite.populateFromDssDictionary(lastDss);
            List<Map.Entry<PdfSignatureDictionary, List<PdfSignatureField>>> dictionaries = reader
                    .extractSigDictionaries().entrySet().stream()
                    .sorted(Map.Entry.<PdfSignatureDictionary, List<PdfSignatureField>>comparingByKey(
                            new PdfSignatureDictionaryComparator()).reversed())
                    .toList();
            for (Map.Entry<PdfSignatureDictionary, List<PdfSignatureField>> entry : dictionaries) {
                lastDss = addRevision(document, password, entry.getKey(), entry.getValue(), reader, revisionDocuments,
                        revisions, composite, finalDss, lastDss);
            }
        }
        catch (IOException e) {
            throw new DSSException("The document is either not accessible or not PDF compatible: " + e.getMessage(),
                    e);
        }
        catch (DSSException e) {
            throw e;
        }
        catch (Exception e) {
            throw new DSSException("Cannot analyze signatures : " + e.getMessage(), e);
        }
        return revisions;
    }

    /** One signature or document time-stamp, and the DSS dictionary revisions before it; the last DSS dictionary. */
    private PdfDssDict addRevision(DSSDocument document, char[] password, PdfSignatureDictionary dictionary,
            List<PdfSignatureField> fields, PdfDocumentReader reader, List<PdfByteRangeDocument> revisionDocuments,
            List<PdfRevision> revisions, PdfCompositeDssDictionary composite, PdfDssDict finalDss,
            PdfDssDict lastDss) {
        List<String> names = fields.stream().map(PdfSignatureField::getFieldName).toList();
        try {
            ByteRange byteRange = dictionary.getByteRange();
            byteRange.setValid(validateByteRange(byteRange, document, dictionary.getContents()));
            DSSDocument signedContent = null;
            if (byteRange.isValid()) {
                signedContent = new PdfByteRangeDocument(document, byteRange);
                byteRange.setValid(complete(byteRange, signedContent));
            }
            if (!byteRange.isValid()) {
                signedContent = InMemoryDocument.createEmptyDocument();
                log.debug("The signature {} has an invalid /ByteRange", names);
            }
            boolean coversWholeDocument = reader.isSignatureCoversWholeDocument(dictionary);
            if (wholeDocument(byteRange, document)) {
                // The signed revision is the file itself, already read.
                dictionary.checkConsistency(signedDictionary(names, reader));
                lastDss = dssRevision(revisions, composite, lastDss, reader.getDSSDictionary());
            }
            else {
                DSSDocument revisionContent = PAdESUtils.getRevisionContent(document, byteRange);
                try (PdfDocumentReader revisionReader = loadPdfDocumentReader(revisionContent, password)) {
                    dictionary.checkConsistency(signedDictionary(names, revisionReader));
                    lastDss = dssRevision(revisions, composite, lastDss, revisionReader.getDSSDictionary());
                }
                catch (Exception e) {
                    log.debug("Cannot read the revision of signature {}: {}", names, e.getMessage());
                }
            }
            DSSDocument previousRevision = PAdESUtils.getPreviousRevision(byteRange, revisionDocuments);
            if (isDocTimestamp(dictionary)) {
                revisions.add(new PdfDocTimestampRevision(dictionary, fields, signedContent, previousRevision,
                        coversWholeDocument));
            }
            else if (isSignature(dictionary)) {
                boolean dssRevisions = revisions.stream().anyMatch(PdfDocDssRevision.class::isInstance);
                revisions.add(new PdfSignatureRevision(dictionary, composite, dssRevisions ? finalDss : null, fields,
                        signedContent, previousRevision, coversWholeDocument));
            }
            else {
                log.debug("Skipped signature dictionary {} of type {} and sub-filter {}", names, dictionary.getType(),
                        dictionary.getSubFilter());
            }
            try (PdfDocumentReader previousReader = loadPdfDocumentReader(previousRevision, password)) {
                lastDss = dssRevision(revisions, composite, lastDss, previousReader.getDSSDictionary());
            }
            catch (Exception e) {
                // No previous revision, or one that cannot be read: no DSS dictionary before it.
            }
        }
        catch (Exception e) {
            log.debug("Unable to parse signature {}: {}", names, e.getMessage());
        }
        return lastDss;
    }

    /**
     * What changed after a signature or time-stamp. When its revision is the whole file (nothing was added after it),
     * the signed revision and the final document are the same bytes: nothing changed, and DSS would parse the file
     * a second time and walk every object of both to find that out. Annotation overlaps are of the final document
     * alone, so they are still looked for.
     */
    @Override
    protected void analyzePdfModifications(DSSDocument document, PdfCMSRevision revision,
            PdfDocumentReader finalRevisionReader, char[] password) throws IOException {
        file = document instanceof InMemoryDocument inMemory ? inMemory : null;
        if (wholeDocument(revision.getByteRange(), document)) {
            PdfModificationDetection unchanged = new PdfModificationDetection();
            unchanged.setAnnotationOverlaps(pdfDifferencesFinder.getAnnotationOverlaps(finalRevisionReader));
            unchanged.setPageDifferences(new ArrayList<>());
            unchanged.setVisualDifferences(new ArrayList<>());
            unchanged.setObjectModifications(new PdfObjectModifications());
            revision.setModificationDetection(unchanged);
            return;
        }
        super.analyzePdfModifications(document, revision, finalRevisionReader, password);
    }

    /**
     * Whether the revision that a signature's range ends is the whole file: DSS's revision content runs from the
     * range's first byte to the end of its second part.
     */
    private static boolean wholeDocument(ByteRange range, DSSDocument document) {
        return range.getFirstPartStart() == 0
                && (long) range.getSecondPartStart() + range.getSecondPartEnd() == size(document);
    }

    private static long size(DSSDocument document) {
        return document instanceof InMemoryDocument inMemory ? inMemory.getBytes().length
                : DSSUtils.getFileByteSize(document);
    }

    /**
     * Reads a revision or a signed range of the file being checked straight from its bytes, one copy: DSS streams
     * it into PDFBox 4 KiB at a time through its range stream, which was a sixth of a check's time. Any other
     * document, or a range that does not lie within the file part by part, is read as DSS reads it.
     */
    @Override
    protected PdfDocumentReader loadPdfDocumentReader(DSSDocument document, char[] password) throws IOException {
        if (document instanceof PdfByteRangeDocument range && file != null
                && range.equals(new PdfByteRangeDocument(file, range.getByteRange()))) {
            byte[] bytes = slice(file.getBytes(), range.getByteRange());
            if (bytes != null) {
                return super.loadPdfDocumentReader(new InMemoryDocument(bytes), password);
            }
        }
        return super.loadPdfDocumentReader(document, password);
    }

    /** The range's two parts, one after the other, as DSS's range stream gives them; none unless both lie within. */
    private static byte[] slice(byte[] bytes, ByteRange range) {
        long start = range.getFirstPartStart();
        long length = range.getFirstPartEnd();
        long secondStart = range.getSecondPartStart();
        long secondLength = range.getSecondPartEnd();
        if (start < 0 || length < 0 || secondLength < 0 || start + length > secondStart
                || secondStart + secondLength > bytes.length) {
            return null;
        }
        byte[] slice = new byte[(int) (length + secondLength)];
        System.arraycopy(bytes, (int) start, slice, 0, (int) length);
        System.arraycopy(bytes, (int) secondStart, slice, (int) length, (int) secondLength);
        return slice;
    }

    private static boolean complete(ByteRange byteRange, DSSDocument signedContent) {
        long expected = (long) byteRange.getFirstPartEnd() - byteRange.getFirstPartStart()
                + byteRange.getSecondPartEnd();
        return expected == DSSUtils.getFileByteSize(signedContent);
    }

    /** The dictionary of the same fields in the revision that a signature signed, or none. */
    private static PdfSignatureDictionary signedDictionary(List<String> names, PdfDocumentReader revisionReader)
            throws IOException {
        for (Map.Entry<PdfSignatureDictionary, List<PdfSignatureField>> entry : revisionReader.extractSigDictionaries()
                .entrySet()) {
            if (names.equals(entry.getValue().stream().map(PdfSignatureField::getFieldName).toList())) {
                return entry.getKey();
            }
        }
        return null;
    }

    /** Records a revision of the DSS dictionary when an earlier revision had another one; the current one. */
    private static PdfDssDict dssRevision(List<PdfRevision> revisions, PdfCompositeDssDictionary composite,
            PdfDssDict lastDss, PdfDssDict currentDss) {
        if (lastDss != null && !lastDss.equals(currentDss)) {
            composite.populateFromDssDictionary(lastDss);
            revisions.add(new PdfDocDssRevision(composite, lastDss));
        }
        return currentDss;
    }

    private static List<PdfByteRangeDocument> revisionDocuments(DSSDocument document) {
        PAdESUtils.assertPdfDocument(document);
        byte[] bytes;
        if (document instanceof InMemoryDocument inMemory) {
            bytes = inMemory.getBytes();
        }
        else {
            try (InputStream in = document.openStream()) {
                bytes = in.readAllBytes();
            }
            catch (IOException e) {
                throw new DSSException("Unable to retrieve the last revision", e);
            }
        }
        return RevisionEnds.of(bytes).stream()
                .map(end -> new PdfByteRangeDocument(document, new ByteRange(new int[] { 0, end, end, 0 })))
                .toList();
    }
}
