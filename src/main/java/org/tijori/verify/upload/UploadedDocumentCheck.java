package org.tijori.verify.upload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.tijori.issuer.DocumentProofs;
import org.tijori.issuer.RegisteredSigner;
import org.tijori.issuer.VerifiableDocuments;
import org.tijori.issuer.VerifiableVersion;
import org.tijori.signing.LegacyAlgorithms;
import org.tijori.signing.SecureXml;
import org.tijori.signing.SignatureCheck;
import org.tijori.signing.XmlRejectedException;
import org.tijori.signing.XmlSignatures;
import org.tijori.verify.DocumentVerification;
import org.tijori.verify.VerificationOutcome;
import org.tijori.verify.VerificationReport;
import org.tijori.verify.VerifyProperties;
import org.tijori.verify.activity.VerificationActivity;
import org.tijori.verify.proof.VerificationLinks;
import org.tijori.verify.proof.VerificationLinks.Link;
import org.tijori.verify.upload.FileVerification.Problem;
import org.tijori.verify.upload.FileVerification.Reported;
import org.tijori.verify.upload.FileVerification.Unverifiable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import org.springframework.stereotype.Service;

/**
 * Verifies a file a verifier uploads instead of scanning its QR code (ADR 22, on uploads). What the
 * file is comes from its first bytes, never from its name or declared type:
 * <ul>
 * <li>A Certificate XML is parsed with every DTD refused, found in the repository by the SHA-256 of its bytes
 * (then it is "held", and its live status is reported), and its enveloped signature is checked against the
 * certificate its issuer registered, never against the one the file carries, which only says whose to use.</li>
 * <li>A PDF Tijori drew is opened within the memory bounds of the locker's previews (ADR 9), and never drawn: the
 * link its Info entry or its first page's link annotation holds goes through the same check as a scanned
 * link.</li>
 * </ul>
 * Nothing of the file is kept; a file that verifies reaches its holder's activity as a verification "from its
 * file", as a scan does.
 */
@Service
public class UploadedDocumentCheck {

    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);

    /** As much of a PDF's working streams kept in memory as a locker preview keeps (ADR 9), more in a file. */
    private static final long PDF_MEMORY = 16L * 1024 * 1024;

    /** A PDF's working streams may spill to a temporary file up to this many times {@link #PDF_MEMORY}, as ADR 9's. */
    private static final int SCRATCH_PER_MEMORY = 16;

    private final DocumentVerification verification;

    private final VerifiableDocuments documents;

    private final VerificationActivity activity;

    private final Clock clock;

    private final VerificationLinks links;

    private final int maxBytes;

    UploadedDocumentCheck(DocumentVerification verification, VerifiableDocuments documents,
            VerificationActivity activity, Clock clock, VerificationLinks links, VerifyProperties properties) {
        this.verification = verification;
        this.documents = documents;
        this.activity = activity;
        this.clock = clock;
        this.links = links;
        this.maxBytes = (int) properties.maxUpload().toBytes();
    }

    /**
     * @param file the bytes as uploaded, at most {@code tijori.verify.max-upload} of them, or {@code null}
     * @param clientAddress the verifier's address, for the holder's activity (never stored in clear)
     */
    public FileVerification check(byte[] file, String clientAddress) {
        if (file == null || file.length == 0) {
            return new Unverifiable(Problem.NO_FILE, "No file was sent: upload it in the multipart field \"file\".");
        }
        if (file.length >= PDF_MAGIC.length && Arrays.equals(file, 0, PDF_MAGIC.length, PDF_MAGIC, 0,
                PDF_MAGIC.length)) {
            return pdf(file, clientAddress);
        }
        if (looksLikeXml(file)) {
            return xml(file, clientAddress);
        }
        return new Unverifiable(Problem.UNSUPPORTED_FILE, "This file is neither a PDF nor XML. Upload the PDF Tijori "
                + "made of the document, or its Certificate XML.");
    }

    /** An optional UTF-8 byte-order mark, optional white space, then {@code <}. */
    private static boolean looksLikeXml(byte[] file) {
        int at = file.length >= 3 && (file[0] & 0xFF) == 0xEF && (file[1] & 0xFF) == 0xBB && (file[2] & 0xFF) == 0xBF
                ? 3 : 0;
        while (at < file.length && (file[at] == ' ' || file[at] == '\t' || file[at] == '\r' || file[at] == '\n')) {
            at++;
        }
        return at < file.length && file[at] == '<';
    }

    private FileVerification xml(byte[] file, String clientAddress) {
        Document doc;
        try {
            doc = SecureXml.parse(file, maxBytes);
        }
        catch (XmlRejectedException e) {
            return new Unverifiable(e.reason() == XmlRejectedException.Reason.DTD ? Problem.XML_DOCTYPE
                    : Problem.MALFORMED_XML, e.getMessage());
        }
        Element root = doc.getDocumentElement();
        if (!"Certificate".equals(localName(root))) {
            return new Unverifiable(Problem.NOT_A_CERTIFICATE, "This XML is not a Certificate XML: its root element "
                    + "must be Certificate, as in the documents issuers publish.");
        }
        String holder = holder(root);
        List<RegisteredSigner> signers = signers(XmlSignatures.namedCertificates(doc));
        List<VerifiableVersion> held = documents.byXmlSha256(sha256(file));
        if (!held.isEmpty()) {
            VerifiableVersion version = held.get(0);
            // The repository took these very bytes from this issuer, signature checked: checked again here against
            // the issuer's registered certificates, retired ones included, with the algorithms it was taken with.
            Optional<SignatureCheck.Valid> valid = signers.stream()
                    .filter(signer -> signer.issuer().equals(version.uri().issuer()))
                    .flatMap(signer -> valid(doc, signer, version.legacySignature()).stream()).findFirst();
            if (valid.isPresent() && version.holder() != null) {
                activity.verified(version.holder(), version.uri().toString(), version.version(),
                        VerificationActivity.How.FILE, clientAddress);
            }
            return new Reported(verification.report(version, holder, valid.isPresent(),
                    valid.map(SignatureCheck.Valid::legacyAlgorithm).orElse(false), null, true), version);
        }
        // Not held: only a signature that one registered issuer's certificate verifies says who issued it.
        Optional<SignatureCheck.Valid> valid = signers.size() == 1 ? valid(doc, signers.get(0), false)
                : Optional.empty();
        if (valid.isEmpty()) {
            return new Reported(new VerificationReport(null, null, null, null, null, null, null, false, null, null,
                    clock.instant(), null, null, false), null);
        }
        RegisteredSigner signer = signers.get(0);
        String type = root.getAttribute("type");
        return new Reported(new VerificationReport(null,
                new VerificationReport.Issuer(signer.issuer().value(), signer.issuerName(), signer.issuerNameHi()),
                type.isBlank() ? null : new VerificationReport.DocType(type, null, null), holder, null, null, null, true,
                valid.get().legacyAlgorithm() ? Boolean.TRUE : null, null, clock.instant(), null, null, false), null);
    }

    /** The registered issuers of the first certificate the signature names that any issuer registered. */
    private List<RegisteredSigner> signers(List<X509Certificate> named) {
        for (X509Certificate certificate : named) {
            List<RegisteredSigner> signers = documents.registeredSigners(certificate);
            if (!signers.isEmpty()) {
                return signers;
            }
        }
        return List.of();
    }

    private static Optional<SignatureCheck.Valid> valid(Document doc, RegisteredSigner signer, boolean takenAsLegacy) {
        LegacyAlgorithms legacy = takenAsLegacy ? LegacyAlgorithms.RSA_SHA1_ALLOWED : signer.legacy();
        return XmlSignatures.verify(doc, List.of(signer.certificate()), legacy) instanceof SignatureCheck.Valid valid
                ? Optional.of(valid) : Optional.empty();
    }

    private FileVerification pdf(byte[] file, String clientAddress) {
        List<String> links = new ArrayList<>();
        String entry;
        String creator;
        MemoryUsageSetting scratch = MemoryUsageSetting.setupMixed(PDF_MEMORY, PDF_MEMORY * SCRATCH_PER_MEMORY);
        try (PDDocument pdf = Loader.loadPDF(new RandomAccessReadBuffer(file), scratch.streamCache)) {
            if (pdf.isEncrypted()) {
                return encrypted();
            }
            PDDocumentInformation info = pdf.getDocumentInformation();
            entry = info.getCustomMetadataValue(DocumentProofs.PDF_LINK_ENTRY);
            creator = info.getCreator();
            if (entry != null) {
                links.add(entry);
            }
            if (pdf.getNumberOfPages() > 0) {
                for (PDAnnotation annotation : pdf.getPage(0).getAnnotations()) {
                    if (annotation instanceof PDAnnotationLink link && link.getAction() instanceof PDActionURI action
                            && action.getURI() != null) {
                        links.add(action.getURI());
                    }
                }
            }
        }
        catch (InvalidPasswordException e) {
            return encrypted();
        }
        catch (IOException | RuntimeException | StackOverflowError e) {
            // A hostile or damaged file may fail anywhere in the parser, even deep in its recursion.
            return new Unverifiable(Problem.MALFORMED_PDF, "This PDF cannot be read: it is damaged or not a PDF.");
        }
        List<Link> ours = links.stream().map(this::ours).flatMap(Optional::stream).toList();
        Optional<Link> proven = ours.stream().filter(link -> link.proof() != null).findFirst();
        if (proven.isPresent()) {
            VerificationOutcome outcome = verification.check(proven.get().uri(), proven.get().proof(),
                    VerificationActivity.How.FILE, clientAddress);
            return outcome instanceof VerificationOutcome.Verified verified
                    ? new Reported(verified.report(), verified.version()) : FileVerification.ProofRefused.PROOF_REFUSED;
        }
        if (!ours.isEmpty() || entry == null && DocumentProofs.PDF_CREATOR.equals(creator)) {
            return new Unverifiable(Problem.RENDERED_BEFORE_PROOFS, "This PDF was made before Tijori put proofs in "
                    + "its documents: download it again from the locker.");
        }
        return new Unverifiable(Problem.NOT_A_TIJORI_PDF, "This PDF carries no verification link of this Tijori: "
                + "only a PDF Tijori made of an issued document can be verified here.");
    }

    private static Unverifiable encrypted() {
        return new Unverifiable(Problem.ENCRYPTED_PDF, "This PDF is encrypted, and Tijori never encrypts the PDFs "
                + "it makes: upload the PDF as downloaded from the locker.");
    }

    /**
     * A link to this installation's verification page, its URI and its proof: a PDF Tijori drew names the
     * installation's address in its link, never a bare path.
     */
    private Optional<Link> ours(String link) {
        return links.parse(link).filter(Link::absolute);
    }

    /** The holder's name ({@code IssuedTo/Person@name}), or {@code null}. */
    private static String holder(Element certificate) {
        Element issuedTo = child(certificate, "IssuedTo");
        Element person = issuedTo == null ? null : child(issuedTo, "Person");
        return person == null || person.getAttribute("name").isBlank() ? null : person.getAttribute("name");
    }

    private static Element child(Element parent, String localName) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && localName.equals(localName(element))) {
                return element;
            }
        }
        return null;
    }

    private static String localName(Element element) {
        return element.getLocalName() != null ? element.getLocalName() : element.getTagName();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
