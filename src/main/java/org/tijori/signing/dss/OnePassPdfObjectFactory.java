package org.tijori.signing.dss;

import eu.europa.esig.dss.pdf.PDFSignatureService;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxDefaultObjectFactory;

/**
 * DSS's PDFBox object factory whose signature service reads a PDF's revisions in one pass
 * ({@link OnePassSignatureService}). For validation: give it to a {@code PDFDocumentValidator}.
 */
public class OnePassPdfObjectFactory extends PdfBoxDefaultObjectFactory {

    @Override
    public PDFSignatureService newPAdESSignatureService() {
        return configure(new OnePassSignatureService());
    }
}
