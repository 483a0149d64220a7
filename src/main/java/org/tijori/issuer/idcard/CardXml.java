package org.tijori.issuer.idcard;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

import org.tijori.identity.IdentityRecord;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.intake.XmlElements;
import org.tijori.issuer.rendering.PrintablePhoto;
import org.tijori.signing.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The two documents made of a national-ID card, before they are signed: the card as a DigiLocker Certificate XML
 * ({@code type="ADHAR"}), and the KYC answer ({@code KycRes}, as UIDAI's e-KYC API lays it out) made from a held
 * card. The national ID appears in neither except masked ({@code XXXXXXXX1234}), which is all DigiLocker's own
 * e-Aadhaar shows of it.
 */
final class CardXml {

    /** How DigiLocker's Certificate XML writes dates. */
    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd-MM-uuuu");

    /** The most a card's XML can take: a photo of at most 64 KiB in base64, and a little text. */
    static final int MAX_CARD_BYTES = 256 * 1024;

    private static final String POA_FIELDS = "co house street lm loc vtc subdist dist state country pc po";

    private CardXml() {
    }

    /** The national ID as the card writes it: its last four digits after eight X. */
    static String masked(IdentityRecord person) {
        return "XXXXXXXX" + person.uid().lastFour();
    }

    /**
     * The card's Certificate XML, unsigned.
     *
     * @param photo the person's photo, or {@code null} when the authority has none that can be printed
     */
    static Document certificate(DocumentUri uri, String issuerName, IdentityRecord person, PrintablePhoto photo,
            LocalDate issuedOn) {
        String xml = "<Certificate language=\"99\" name=\"" + CardAuthority.DOC_NAME + "\" type=\""
                + uri.docType().value() + "\" number=\"" + masked(person) + "\" issueDate=\"" + issuedOn.format(DAY)
                + "\" status=\"A\"><IssuedBy><Organization name=\"" + SecureXml.escape(issuerName) + "\" code=\""
                + uri.issuer().value() + "\" type=\"CG\"/></IssuedBy><IssuedTo><Person uid=\"" + masked(person)
                + "\" name=\"" + SecureXml.escape(person.name()) + "\" dob=\"" + person.dob().format(DAY)
                + "\" gender=\"" + person.gender().name() + "\">"
                + (photo == null ? "" : "<Photo format=\"jpeg\">" + photo.base64() + "</Photo>")
                + "</Person></IssuedTo></Certificate>";
        return SecureXml.parse(xml.getBytes(StandardCharsets.UTF_8), MAX_CARD_BYTES);
    }

    /**
     * The KYC answer made from a held card, unsigned: {@code Rar} is the card's signed Certificate XML and
     * {@code Prn} its PDF, both in base64; the address fields are empty, since the ID authority gives none.
     *
     * @param card the card's signed Certificate XML, as held
     * @param token {@code UidData@tkn}: a token that stands for the national ID to this installation alone
     * @param code the answer's own reference
     * @param ts when it was made, and {@code ttl} until when it may be kept, both as ISO date-times with offset
     */
    static Document kyc(byte[] card, byte[] pdf, String token, String code, String txn, String ts, String ttl) {
        Element person = XmlElements.child(XmlElements.child(
                SecureXml.parse(card, MAX_CARD_BYTES).getDocumentElement(), "IssuedTo"), "Person");
        Element photo = XmlElements.child(person, "Photo");
        String emptyAddress = POA_FIELDS.replace(" ", "=\"\" ") + "=\"\"";
        String xml = "<KycRes ret=\"Y\" code=\"" + code + "\" txn=\"" + SecureXml.escape(txn) + "\" ts=\"" + ts
                + "\" ttl=\"" + ttl + "\"><Rar>" + Base64.getEncoder().encodeToString(card)
                + "</Rar><UidData uid=\"" + SecureXml.escape(person.getAttribute("uid")) + "\" tkn=\"" + token + "\">"
                + "<Poi name=\"" + SecureXml.escape(person.getAttribute("name")) + "\" dob=\""
                + SecureXml.escape(person.getAttribute("dob")) + "\" gender=\""
                + SecureXml.escape(person.getAttribute("gender")) + "\"/>"
                + "<Poa " + emptyAddress + "/><LData lang=\"\" name=\"\" " + emptyAddress + "/>"
                + "<Pht>" + (photo == null ? "" : photo.getTextContent().strip()) + "</Pht>"
                + "<Prn type=\"pdf\">" + Base64.getEncoder().encodeToString(pdf) + "</Prn>"
                + "</UidData></KycRes>";
        return SecureXml.parse(xml.getBytes(StandardCharsets.UTF_8), MAX_CARD_BYTES * 4 + pdf.length * 2);
    }
}
