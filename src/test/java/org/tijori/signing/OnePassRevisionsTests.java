package org.tijori.signing;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.diagnostic.jaxb.XmlObjectModification;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.pades.validation.PdfRevision;
import eu.europa.esig.dss.pades.validation.PdfSignatureField;
import eu.europa.esig.dss.pdf.PdfCMSRevision;
import eu.europa.esig.dss.pades.validation.PDFDocumentValidator;
import eu.europa.esig.dss.pdf.PdfDocDssRevision;
import eu.europa.esig.dss.pdf.modifications.DefaultPdfDifferencesFinder;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxDefaultObjectFactory;
import eu.europa.esig.dss.spi.DSSUtils;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.validation.reports.Reports;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tijori.signing.dss.OnePassPdfObjectFactory;
import org.tijori.signing.PdfSignatureOptions.VisibleSignature;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tijori's one-pass revision reading against DSS's own, revision by revision: same kinds, byte ranges, previous
 * revisions, coverage, dictionary consistency and validation data, on PDFs signed once and twice (with DSS
 * dictionaries), edited after signing, changed inside the signed range, and with a signature dictionary altered in
 * a later update.
 */
class OnePassRevisionsTests {

    static final TestEsignPki tijori = TestEsignPki.create("Tijori test e-sign CA");

    @TempDir
    Path directory;

    @Test
    void readsTheSameRevisionsAsDss() throws Exception {
        EsignFixture fixture = new EsignFixture(directory);
        Path once = fixture.sign(fixture.signatures(), fixture.pdf("sale.pdf", 2), "sale-signed.pdf",
                EsignFixture.ASHA, new PdfSignatureOptions("I agree", "Pune", null));
        Path twice = fixture.sign(fixture.signatures(), once, "sale-signed-twice.pdf", EsignFixture.ASHA,
                new PdfSignatureOptions(null, null, VisibleSignature.onPage(2)));
        byte[] stamped = tijori.signPdf(TestEsignPki.pdf("Rent agreement", 0),
                tijori.signer("Asha Verma", "LOCKER-1234"), true, true);
        byte[] edited = TestEsignPki.editAfterSigning(stamped, "Rent: 1 rupee");
        byte[] tampered = stamped.clone();
        tampered[10] ^= 1;
        List<byte[]> pdfs = List.of(Files.readAllBytes(once), Files.readAllBytes(twice), stamped, edited, tampered,
                reasonChangedAfterSigning(stamped), TestEsignPki.pdf("Unsigned", 0));

        for (byte[] pdf : pdfs) {
            List<String> ours = describe(new OnePassPdfObjectFactory(), pdf);
            assertThat(ours).isEqualTo(describe(new PdfBoxDefaultObjectFactory(), pdf));
        }
        assertThat(describe(new OnePassPdfObjectFactory(), Files.readAllBytes(twice)))
                .as("two signatures and the validation data added with the second")
                .filteredOn(line -> line.startsWith("PdfSignatureRevision")).hasSize(2);
        assertThat(describe(new OnePassPdfObjectFactory(), reasonChangedAfterSigning(stamped)))
                .as("a signature dictionary changed after signing").anyMatch(line -> line.contains("consistent=false"));
    }

    @Test
    void findsTheSameChangesAfterSigningAsDss() throws Exception {
        EsignFixture fixture = new EsignFixture(directory);
        Path once = fixture.sign(fixture.signatures(), fixture.pdf("deed.pdf", 2), "deed-signed.pdf",
                EsignFixture.ASHA, new PdfSignatureOptions("I agree", "Pune", VisibleSignature.onPage(1)));
        Path twice = fixture.sign(fixture.signatures(), once, "deed-signed-twice.pdf", EsignFixture.ASHA,
                new PdfSignatureOptions(null, null, VisibleSignature.onPage(2)));
        byte[] stamped = tijori.signPdf(TestEsignPki.pdf("Rent agreement", 0),
                tijori.signer("Asha Verma", "LOCKER-1234"), true, true);
        byte[] tampered = stamped.clone();
        tampered[10] ^= 1;
        List<byte[]> pdfs = List.of(Files.readAllBytes(once), Files.readAllBytes(twice), stamped,
                TestEsignPki.editAfterSigning(stamped, "Rent: 1 rupee"), tampered, reasonChangedAfterSigning(stamped));

        for (byte[] pdf : pdfs) {
            assertThat(validate(new OnePassPdfObjectFactory(), pdf))
                    .isEqualTo(validate(new PdfBoxDefaultObjectFactory(), pdf));
        }
        assertThat(validate(new OnePassPdfObjectFactory(), TestEsignPki.editAfterSigning(stamped, "Rent: 1 rupee")))
                .as("the edit is found").anyMatch(line -> !line.contains("undefined=[]"));
    }

    /** Each signature's outcome and every change after signing that DSS reports, in words. */
    private static List<String> validate(PdfBoxDefaultObjectFactory factory, byte[] pdf) {
        PDFDocumentValidator validator = new PDFDocumentValidator(new InMemoryDocument(pdf));
        DefaultPdfDifferencesFinder differences = new DefaultPdfDifferencesFinder();
        differences.setMaximalPagesAmountForVisualComparison(0);
        factory.setPdfDifferencesFinder(differences);
        validator.setPdfObjFactory(factory);
        validator.setCertificateVerifier(new CommonCertificateVerifier(true));
        Reports reports = validator.validateDocument();
        List<String> lines = new ArrayList<>();
        for (SignatureWrapper signature : reports.getDiagnosticData().getSignatures()) {
            lines.add(signature.getId() + " " + reports.getSimpleReport().getIndication(signature.getId()) + "/"
                    + reports.getSimpleReport().getSubIndication(signature.getId())
                    + " overlaps=" + signature.getPdfAnnotationsOverlapConcernedPages()
                    + " pages=" + signature.getPdfPageDifferenceConcernedPages()
                    + " visual=" + signature.getPdfVisualDifferenceConcernedPages()
                    + " extension=" + changes(signature.getPdfExtensionChanges())
                    + " fill=" + changes(signature.getPdfSignatureOrFormFillChanges())
                    + " annotation=" + changes(signature.getPdfAnnotationChanges())
                    + " undefined=" + changes(signature.getPdfUndefinedChanges()));
        }
        return lines;
    }

    private static List<String> changes(List<XmlObjectModification> modifications) {
        return modifications.stream().map(m -> m.getAction() + " " + m.getType() + " " + m.getFieldName() + " "
                + m.getValue()).toList();
    }

    /** Each revision in words, with everything DSS's validation reads from it. */
    private static List<String> describe(PdfBoxDefaultObjectFactory factory, byte[] pdf) {
        DSSDocument document = new InMemoryDocument(pdf);
        List<String> lines = new ArrayList<>();
        for (PdfRevision revision : factory.newPAdESSignatureService().getRevisions(document, null)) {
            StringBuilder line = new StringBuilder(revision.getClass().getSimpleName());
            line.append(" fields=").append(revision.getFields().stream().map(PdfSignatureField::getFieldName)
                    .toList());
            if (revision instanceof PdfCMSRevision cms) {
                line.append(" range=").append(cms.getByteRange())
                        .append(" valid=").append(cms.getByteRange().isValid())
                        .append(" signed=").append(DSSUtils.getFileByteSize(cms.getSignedData()))
                        .append(" previous=").append(cms.getPreviousRevision() == null ? "none"
                                : DSSUtils.getFileByteSize(cms.getPreviousRevision()))
                        .append(" covered=").append(cms.areAllOriginalBytesCovered())
                        .append(" consistent=").append(cms.getPdfSigDictInfo().isConsistent());
            }
            if (revision instanceof PdfDocDssRevision dss) {
                line.append(" certificates=").append(dss.getCertificateSource().getCertificates().size())
                        .append(" crls=").append(dss.getCRLSource().getAllRevocationBinaries().size());
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** The signature's reason changed in a later incremental update: the signed dictionary no longer matches. */
    private static byte[] reasonChangedAfterSigning(byte[] signed) throws Exception {
        try (PDDocument document = Loader.loadPDF(signed)) {
            PDSignature signature = document.getSignatureDictionaries().get(0);
            signature.setReason("Changed later");
            signature.getCOSObject().setNeedToBeUpdated(true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.saveIncremental(out);
            return out.toByteArray();
        }
    }
}
