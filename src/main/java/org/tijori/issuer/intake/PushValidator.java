package org.tijori.issuer.intake;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.tijori.account.AccountId;
import org.tijori.account.LockerId;
import org.tijori.identity.NationalId;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.intake.PushOutcome.Refusal;
import org.tijori.issuer.registration.Issuer;
import org.tijori.signing.SecureXml;
import org.tijori.signing.SignatureCheck;
import org.tijori.signing.XmlRejectedException;
import org.tijori.signing.XmlSignatures;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import static org.tijori.issuer.intake.PushRefusedException.invalid;
import static org.tijori.issuer.intake.XmlElements.attribute;
import static org.tijori.issuer.intake.XmlElements.child;
import static org.tijori.issuer.intake.XmlElements.localName;

/**
 * The rules every push obeys, whichever wire format carried it (the XML push, DigiLocker's form push, a file
 * of a bulk ZIP), each written once: the URI is the issuer's, its doc type registered, the recipient's locker
 * exists, a document that stays has a name and dates in order, and its Certificate XML, when sent, is signed
 * by the issuer's registered certificate and about this document. Whether the URI is live (an add of a live
 * URI, an update or delete of none) is known only where the push is stored, in its transaction.
 * <p>
 * A metadata-only push (no Certificate XML) is accepted as DigiLocker's push URI is: the document is then drawn
 * from what the push says, as {@link CertificateRenderer} draws a URI pushed without content.
 */
public final class PushValidator {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd-MM-uuuu")
            .withResolverStyle(ResolverStyle.STRICT);

    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);

    private final Function<LockerId, Optional<AccountId>> lockers;

    private final int maxXmlBytes;

    /**
     * @param lockers the account that holds a locker, if there is one
     * @param maxXmlBytes the largest Certificate XML parsed
     */
    public PushValidator(Function<LockerId, Optional<AccountId>> lockers, int maxXmlBytes) {
        this.lockers = lockers;
        this.maxXmlBytes = maxXmlBytes;
    }

    /** The push, ready to be stored, if it holds; a {@link PushRefusedException} that says why not otherwise. */
    public CheckedPush check(PushCommand command, Issuer issuer) {
        DocumentUri uri = command.uri();
        if (!uri.issuer().equals(issuer.id())) {
            throw invalid("invalid_parameter", "URI parameter is missing or invalid: it must start with your "
                    + "issuer ID " + issuer.id() + ".");
        }
        if (!issuer.registered(uri.docType())) {
            throw new PushRefusedException(Refusal.FORBIDDEN, "invalid_doctype", "Doctype parameter is missing or "
                    + "invalid: the issuer has not registered the doc type " + uri.docType() + ".");
        }
        NationalId uid = null;
        AccountId account = null;
        if (command.recipient() instanceof PushCommand.ByNationalId byNationalId) {
            uid = byNationalId.nationalId();
        }
        else {
            account = locker(((PushCommand.ByLocker) command.recipient()).lockerId());
        }
        if (command.action() == PushAction.DELETE) {
            return new CheckedPush(uri, command.action(), command.docName(), command.issuedOn(), command.validFrom(),
                    command.validTo(), uid, account, null, null, null, false, null);
        }
        String docName = command.docName() == null ? null : command.docName().strip();
        if (docName == null || docName.isEmpty() || docName.length() > 200) {
            throw invalid("invalid_parameter", "Description parameter is missing or invalid: "
                    + "DocName is required, at most 200 characters.");
        }
        if (command.validFrom() != null && command.validTo() != null
                && command.validTo().isBefore(command.validFrom())) {
            throw invalid("invalid_parameter", "ValidTo is before ValidFrom.");
        }
        Certificate certificate = command.xml() == null ? null : certificate(command.xml(), issuer, uri, uid);
        if (command.pdf() != null && !isPdf(command.pdf())) {
            throw invalid("invalid_parameter", "DocContent must be a PDF in Base64.");
        }
        return new CheckedPush(uri, command.action(), docName, command.issuedOn(), command.validFrom(),
                command.validTo(), uid, account, command.xml(), command.pdf(),
                certificate == null ? null : certificate.signer(), certificate != null && certificate.legacySignature(),
                certificate == null ? null : certificate.holder());
    }

    private AccountId locker(String lockerId) {
        return LockerId.parse(lockerId).flatMap(lockers).orElseThrow(() -> invalid("invalid_digilocker_id",
                "The digilockerid parameter is invalid: DigiLockerId does not name a locker."));
    }

    /**
     * A Certificate XML that an issuer sent, in a push or in its answer to a pull: well-formed, signed by the
     * issuer's registered certificate, of this document's type and, when {@code uid} is given, not issued to
     * another national ID.
     */
    Certificate certificate(byte[] xml, Issuer issuer, DocumentUri uri, NationalId uid) {
        Document certificate;
        try {
            certificate = SecureXml.parse(xml, maxXmlBytes);
        }
        catch (XmlRejectedException e) {
            throw invalid("invalid_certificate", "The Certificate XML in DataContent was refused: " + e.getMessage());
        }
        Element root = certificate.getDocumentElement();
        if (!"Certificate".equals(localName(root))) {
            throw invalid("invalid_certificate", "DataContent must hold a Certificate element.");
        }
        if (issuer.certificate() == null) {
            throw new PushRefusedException(Refusal.FORBIDDEN, "invalid_signature",
                    "The issuer has no signing certificate.");
        }
        SignatureCheck check = XmlSignatures.verify(certificate, List.of(issuer.certificate()), issuer.legacyAlgorithms());
        if (check instanceof SignatureCheck.Invalid invalid) {
            throw new PushRefusedException(Refusal.INVALID, "invalid_signature", invalid.reason());
        }
        // The Certificate's number is the issuer's own serial and need not be the DocId: CBSE's sample has
        // number 1100044 in the document 201412345678. What ties it to this document is its type and signature.
        String type = attribute(root, "type");
        if (type != null && !type.equals(uri.docType().value())) {
            throw invalid("invalid_certificate", "The Certificate's type " + type + " is not the DocType "
                    + uri.docType() + ".");
        }
        Element issuedTo = child(root, "IssuedTo");
        Element person = issuedTo == null ? null : child(issuedTo, "Person");
        String personUid = person == null ? null : attribute(person, "uid");
        if (uid != null && personUid != null && !personUid.equals(uid.value())) {
            throw invalid("invalid_certificate", "The Certificate is issued to another national ID than Aadhaar.");
        }
        LocalDate issueDate;
        try {
            String issued = attribute(root, "issueDate");
            issueDate = issued == null ? null : LocalDate.parse(issued, DAY);
        }
        catch (DateTimeParseException e) {
            issueDate = null;
        }
        SignatureCheck.Valid valid = (SignatureCheck.Valid) check;
        return new Certificate(valid.signer().getSubjectX500Principal().getName(), issueDate, valid.legacyAlgorithm(),
                XmlElements.holder(root));
    }

    static boolean isPdf(byte[] bytes) {
        return bytes.length >= PDF_MAGIC.length && Arrays.equals(bytes, 0, PDF_MAGIC.length, PDF_MAGIC, 0,
                PDF_MAGIC.length);
    }

    /**
     * A Certificate XML that passed: who signed it, and the issue date it states, if readable.
     *
     * @param legacySignature whether it is signed with RSA-SHA1, allowed for its issuer by an administrator
     * @param holder the holder's name it gives, or {@code null}
     */
    record Certificate(String signer, LocalDate issueDate, boolean legacySignature, String holder) {
    }
}
