package org.tijori.issuer.intake;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Base64;

import org.springframework.util.unit.DataSize;
import org.tijori.identity.NationalId;
import org.tijori.issuer.DocTypeCode;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.IssuerId;
import org.tijori.issuer.intake.PushOutcome.Refusal;
import org.tijori.signing.RootElement;
import org.tijori.signing.SecureXml;
import org.tijori.signing.XmlRejectedException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import static org.tijori.issuer.intake.PushRefusedException.invalid;
import static org.tijori.issuer.intake.XmlElements.attribute;
import static org.tijori.issuer.intake.XmlElements.child;
import static org.tijori.issuer.intake.XmlElements.localName;
import static org.tijori.issuer.intake.XmlElements.text;

/**
 * Reads DigiLocker's push by national ID, a {@code PushUriRequest} (API.md 4.2), as sent on its own or as a
 * file of a bulk ZIP: first only its root element (who it says it is from, before anything else is parsed), then
 * the whole request, then its {@code UriDetails} as a {@link PushCommand}. {@code DataContent} is optional: a
 * push without it carries the document's metadata only, as DigiLocker's push URI does.
 */
final class XmlPushReader {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd-MM-uuuu")
            .withResolverStyle(ResolverStyle.STRICT);

    private final int maxBytes;

    private final DataSize maxSize;

    XmlPushReader(int maxBytes, DataSize maxSize) {
        this.maxBytes = maxBytes;
        this.maxSize = maxSize;
    }

    /** The request's root element, read without building the document: who the request says it is from. */
    RootElement root(byte[] body) {
        if (body == null) {
            throw tooLarge();
        }
        RootElement root;
        try {
            root = SecureXml.root(body);
        }
        catch (XmlRejectedException e) {
            throw refused(e);
        }
        if (!"PushUriRequest".equals(root.localName())) {
            throw invalid("invalid_parameter", "The request's root element must be PushUriRequest.");
        }
        return root;
    }

    /** The whole request, parsed within {@link SecureXml}'s bounds. */
    XmlPush read(byte[] body) {
        if (body == null) {
            throw tooLarge();
        }
        Document document;
        try {
            document = SecureXml.parse(body, maxBytes);
        }
        catch (XmlRejectedException e) {
            throw refused(e);
        }
        Element root = document.getDocumentElement();
        if (!"PushUriRequest".equals(localName(root))) {
            throw invalid("invalid_parameter", "The request's root element must be PushUriRequest.");
        }
        Element details = child(root, "UriDetails");
        if (details == null) {
            throw invalid("invalid_parameter", "The request has no UriDetails.");
        }
        return new XmlPush(attribute(root, "ts"), attribute(root, "txn"), attribute(root, "orgId"),
                attribute(root, "keyhash"), details);
    }

    /** The push that a request's {@code UriDetails} asks of {@code issuer}, the issuer it proved to be. */
    PushCommand command(XmlPush push, IssuerId issuer) {
        Element details = push.details();
        String uidText = text(details, "Aadhaar");
        String lockerText = text(details, "DigiLockerId");
        if ((uidText == null) == (lockerText == null)) {
            throw invalid("invalid_parameter", "UriDetails names the resident by Aadhaar or by DigiLockerId: one of "
                    + "them.");
        }
        PushCommand.Recipient recipient;
        if (uidText != null) {
            try {
                recipient = new PushCommand.ByNationalId(new NationalId(uidText));
            }
            catch (IllegalArgumentException e) {
                throw invalid("invalid_aadhaar", "Aadhaar is not a valid national ID: " + e.getMessage() + ".");
            }
        }
        else {
            recipient = new PushCommand.ByLocker(lockerText);
        }
        DocumentUri uri;
        try {
            uri = new DocumentUri(issuer, new DocTypeCode(text(details, "DocType")), text(details, "DocId"));
        }
        catch (IllegalArgumentException e) {
            throw invalid("invalid_parameter", e.getMessage());
        }
        // DigiLocker's issuers send the URI they built; it may only restate the one that DocType and DocId make.
        String sentUri = text(details, "Uri");
        if (sentUri != null && !sentUri.equals(uri.toString())) {
            throw invalid("invalid_parameter", "Uri " + sentUri + " is not the URI of this issuer, DocType and DocId, "
                    + uri + ".");
        }
        PushAction action = PushAction.parse(text(details, "Action"), "Action");
        return new PushCommand(uri, action, recipient, text(details, "DocName"), day(details, "IssuedOn"),
                day(details, "ValidFrom"), day(details, "ValidTo"), content(details, "DataContent"),
                content(details, "DocContent"));
    }

    private static byte[] content(Element details, String field) {
        String value = text(details, field);
        if (value == null) {
            return null;
        }
        try {
            return Base64.getMimeDecoder().decode(value);
        }
        catch (IllegalArgumentException e) {
            throw invalid("invalid_parameter", field + " is not valid Base64.");
        }
    }

    private static LocalDate day(Element details, String name) {
        String value = text(details, name);
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value, DAY);
        }
        catch (DateTimeParseException e) {
            throw invalid("invalid_parameter", name + " must be a date as DD-MM-YYYY.");
        }
    }

    private PushRefusedException tooLarge() {
        return new PushRefusedException(Refusal.TOO_LARGE, "request_too_large",
                "The request is larger than " + maxSize + ".");
    }

    private PushRefusedException refused(XmlRejectedException e) {
        return switch (e.reason()) {
            case TOO_LARGE -> tooLarge();
            case TOO_COMPLEX -> new PushRefusedException(Refusal.TOO_LARGE, "request_too_complex", e.getMessage());
            case DTD -> invalid("invalid_xml",
                    "The request holds a document type declaration; DTDs and entities are not accepted.");
            case MALFORMED -> invalid("invalid_xml", "The request is not well-formed XML.");
        };
    }

    /** A {@code PushUriRequest} as read: its attributes as sent, and its {@code UriDetails}. */
    record XmlPush(String ts, String txn, String orgId, String keyhash, Element details) {
    }
}
