package org.tijori.locker;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import org.tijori.account.AccountId;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.IssuedDocuments;
import org.tijori.locker.events.DocumentDownloaded;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Downloads of the documents issuers delivered to a resident: the PDF (the issuer's, or one drawn
 * from the Certificate XML) and the signed XML. Each one is recorded in the trail.
 */
@Service
public class IssuedLocker {

    static final int PREVIEW_WIDTH = 900;

    private final IssuedDocuments documents;

    private final ApplicationEventPublisher events;

    IssuedLocker(IssuedDocuments documents, ApplicationEventPublisher events) {
        this.documents = documents;
        this.events = events;
    }

    /** The PDF of a document in the resident's locker; empty when the resident holds no such document. */
    public Optional<InputStream> pdf(AccountId account, DocumentUri uri) throws IOException {
        Optional<InputStream> pdf = documents.openPdf(account, uri);
        pdf.ifPresent(opened -> events.publishEvent(new DocumentDownloaded(account, uri.toString(), uri.toString(), "pdf")));
        return pdf;
    }

    /** A picture of the document's first page, to show it on a page; empty when it cannot be drawn. */
    public Optional<byte[]> preview(AccountId account, DocumentUri uri) throws IOException {
        Optional<InputStream> pdf = documents.openPdf(account, uri);
        if (pdf.isEmpty()) {
            throw new LockerProblemException(LockerProblemException.Kind.NOT_FOUND,
                    "There is no such document in your locker.");
        }
        try (InputStream content = pdf.get()) {
            return Thumbnails.draw(content, "application/pdf", PREVIEW_WIDTH);
        }
    }

    /** The signed Certificate XML, as the issuer sent it. */
    public Optional<InputStream> xml(AccountId account, DocumentUri uri) throws IOException {
        Optional<InputStream> xml = documents.openXml(account, uri);
        xml.ifPresent(opened -> events.publishEvent(new DocumentDownloaded(account, uri.toString(), uri.toString(), "xml")));
        return xml;
    }
}
