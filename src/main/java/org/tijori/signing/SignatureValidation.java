package org.tijori.signing;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import eu.europa.esig.dss.alert.SilentOnStatusAlert;
import eu.europa.esig.dss.cades.validation.CMSDocumentValidator;
import eu.europa.esig.dss.cms.ICMSUtils;
import eu.europa.esig.dss.diagnostic.CertificateWrapper;
import eu.europa.esig.dss.diagnostic.DiagnosticData;
import eu.europa.esig.dss.diagnostic.PDFRevisionWrapper;
import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.diagnostic.TimestampWrapper;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SubIndication;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.pades.exception.InvalidPasswordException;
import eu.europa.esig.dss.pades.validation.PDFDocumentValidator;
import eu.europa.esig.dss.pdf.modifications.DefaultPdfDifferencesFinder;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.spi.policy.SignaturePolicyProvider;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.policy.ValidationPolicyLoader;
import eu.europa.esig.dss.validation.reports.Reports;
import eu.europa.esig.dss.model.policy.ValidationPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.signing.SignedFileReport.AfterSigning;
import org.tijori.signing.SignedFileReport.Chain;
import org.tijori.signing.SignedFileReport.Explanation;
import org.tijori.signing.SignedFileReport.Kind;
import org.tijori.signing.SignedFileReport.Signature;
import org.tijori.signing.SignedFileReport.Timestamp;
import org.tijori.signing.UncheckableFileException.Problem;
import org.tijori.signing.dss.OnePassPdfObjectFactory;
import org.tijori.signing.dss.PaddedSignatureCms;

/**
 * Checks anyone's signed file (issue 18): a PDF's own signatures, or a detached CMS signature ({@code .p7s}) over
 * any file, with the EU's DSS library and its default ETSI validation policy. Offline only: no certificate, CRL,
 * OCSP answer or signature policy is ever fetched (the file is a stranger's, and the addresses in it are the
 * stranger's choice); what the file carries and the trusted roots are all there is. Trusted: Tijori's e-sign CA
 * and the authorities of {@code tijori.esign.trusted-roots}.
 * <p>
 * Each check runs on a bounded pool ({@code tijori.esign.verify.concurrency}) and is given up after
 * {@code tijori.esign.verify.timeout}: a hostile PDF costs at most one place for as long as it runs.
 */
public final class SignatureValidation implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SignatureValidation.class);

    /** How far into a file its {@code %PDF-} header may start (as PDF readers allow). */
    private static final int PDF_HEADER_WITHIN = 1024;

    private final TijoriCaCertificates tijoriCa;

    private final List<X509Certificate> otherRoots;

    private final long timeoutNanos;

    private final ThreadPoolExecutor pool;

    private final ValidationPolicy policy;

    SignatureValidation(SignatureValidationProperties properties, TijoriCaCertificates tijoriCa) {
        this.tijoriCa = tijoriCa;
        this.otherRoots = properties.trustedRoots() == null ? List.of() : readRoots(properties.trustedRoots());
        this.timeoutNanos = properties.verify().timeout().toNanos();
        int places = properties.verify().places();
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(places, places, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(places),
                task -> {
                    Thread thread = new Thread(task, "esign-verify-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.pool.allowCoreThreadTimeOut(true);
        this.policy = ValidationPolicyLoader.fromDefaultValidationPolicy().create();
        ICMSUtils cms = ServiceLoader.load(ICMSUtils.class).iterator().next();
        if (!(cms instanceof PaddedSignatureCms)) {
            throw new IllegalStateException("DSS reads CMS with " + cms.getClass().getName() + ", which refuses "
                    + "the padded signatures of PDFs with this Bouncy Castle version: "
                    + PaddedSignatureCms.class.getName() + " must come first on the class path");
        }
    }

    /**
     * Checks the signatures of a file.
     *
     * @param file a PDF, or any file when {@code detachedSignature} is given
     * @param detachedSignature a CMS signature over {@code file} (DER or PEM), or {@code null} for a PDF's own
     * @return every signature found, with what each means
     * @throws UncheckableFileException when the file cannot be checked; its problem says why
     */
    public SignedFileReport check(Path file, Path detachedSignature) throws UncheckableFileException {
        if (file == null) {
            throw new UncheckableFileException(Problem.NO_FILE, "Send the signed file in the field 'file'.");
        }
        Callable<SignedFileReport> check;
        if (detachedSignature == null) {
            if (!startsAsPdf(file)) {
                throw new UncheckableFileException(Problem.NOT_A_PDF, "The file is not a PDF. To check another "
                        + "signed file, send its detached signature (.p7s) beside it in the field 'signature'.");
            }
            check = () -> checkPdf(file);
        }
        else {
            DSSDocument signature = cms(detachedSignature);
            check = () -> checkDetached(file, signature);
        }
        return bounded(check);
    }

    private SignedFileReport bounded(Callable<SignedFileReport> check) throws UncheckableFileException {
        Future<SignedFileReport> outcome;
        try {
            outcome = pool.submit(check);
        }
        catch (RejectedExecutionException e) {
            throw new UncheckableFileException(Problem.BUSY, "Every place to check signatures is taken; try again "
                    + "in a few seconds.");
        }
        try {
            return outcome.get(timeoutNanos, TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException e) {
            outcome.cancel(true);
            throw new UncheckableFileException(Problem.TOO_SLOW, "Checking this file took too long; it was given up.");
        }
        catch (InterruptedException e) {
            outcome.cancel(true);
            Thread.currentThread().interrupt();
            throw new UncheckableFileException(Problem.BUSY, "The check was interrupted; try again.");
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckableFileException refused) {
                throw refused;
            }
            throw unreadable(e.getCause());
        }
    }

    private SignedFileReport checkPdf(Path file) throws UncheckableFileException {
        byte[] pdf;
        try {
            // Read once: DSS reads the document several times over (revisions, byte ranges, digests).
            pdf = Files.readAllBytes(file);
        }
        catch (IOException e) {
            throw new UncheckableFileException(Problem.MALFORMED_PDF, "The PDF could not be read.");
        }
        PDFDocumentValidator validator = new PDFDocumentValidator(new InMemoryDocument(pdf));
        OnePassPdfObjectFactory pdfs = new OnePassPdfObjectFactory();
        // No page of a stranger's PDF is rendered to compare revisions pixel by pixel: it costs more than the
        // rest of a check, and a hostile page can make it cost far more. Changes after signing are found in the
        // objects of the later revisions instead.
        DefaultPdfDifferencesFinder differences = new DefaultPdfDifferencesFinder();
        differences.setMaximalPagesAmountForVisualComparison(0);
        pdfs.setPdfDifferencesFinder(differences);
        validator.setPdfObjFactory(pdfs);
        return report(Kind.PDF, validate(validator), pdf.length);
    }

    private SignedFileReport checkDetached(Path file, DSSDocument signature) throws UncheckableFileException {
        CMSDocumentValidator validator;
        try {
            validator = new CMSDocumentValidator(signature);
        }
        catch (RuntimeException e) {
            throw new UncheckableFileException(Problem.NOT_A_SIGNATURE, "The signature file is not a CMS "
                    + "signature (.p7s).");
        }
        validator.setDetachedContents(List.of(new FileDocument(file.toFile())));
        return report(Kind.DETACHED, validate(validator), -1);
    }

    private Reports validate(SignedDocumentValidator validator) throws UncheckableFileException {
        validator.setCertificateVerifier(offlineVerifier());
        // A signature policy named by URL is never fetched: with no data loader, DSS only says it is unavailable.
        validator.setSignaturePolicyProvider(new SignaturePolicyProvider());
        validator.setEnableEtsiValidationReport(false);
        try {
            return validator.validateDocument(policy);
        }
        catch (RuntimeException e) {
            throw unreadable(e);
        }
    }

    /**
     * A verifier that trusts Tijori's CA and the configured roots, and fetches nothing: no AIA (the default
     * verifier would download issuers' certificates), no CRL, no OCSP.
     */
    private CommonCertificateVerifier offlineVerifier() {
        CommonCertificateVerifier verifier = new CommonCertificateVerifier(true);
        verifier.setAIASource(null);
        verifier.setCrlSource(null);
        verifier.setOcspSource(null);
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        for (X509Certificate root : tijoriCa.current()) {
            trusted.addCertificate(new CertificateToken(root));
        }
        for (X509Certificate root : otherRoots) {
            trusted.addCertificate(new CertificateToken(root));
        }
        verifier.setTrustedCertSources(trusted);
        SilentOnStatusAlert silent = new SilentOnStatusAlert();
        verifier.setAlertOnInvalidSignature(silent);
        verifier.setAlertOnInvalidTimestamp(silent);
        verifier.setAlertOnMissingRevocationData(silent);
        verifier.setAlertOnUncoveredPOE(silent);
        verifier.setAlertOnRevokedCertificate(silent);
        verifier.setAlertOnNoRevocationAfterBestSignatureTime(silent);
        verifier.setAlertOnExpiredCertificate(silent);
        verifier.setAlertOnNotYetValidCertificate(silent);
        return verifier;
    }

    private SignedFileReport report(Kind kind, Reports reports, long fileLength) {
        DiagnosticData diagnostic = reports.getDiagnosticData();
        SimpleReport simple = reports.getSimpleReport();
        Set<String> tijoriIds = new HashSet<>();
        for (X509Certificate root : tijoriCa.current()) {
            tijoriIds.add(new CertificateToken(root).getDSSIdAsString());
        }
        List<SignatureWrapper> all = diagnostic.getSignatures();
        List<Signature> signatures = new ArrayList<>();
        for (SignatureWrapper signature : all) {
            Indication indication = simple.getIndication(signature.getId());
            SubIndication subIndication = simple.getSubIndication(signature.getId());
            boolean intact = signature.isSignatureIntact() && signature.isSignatureValid();
            AfterSigning after = kind == Kind.PDF ? afterSigning(signature, diagnostic, fileLength)
                    : AfterSigning.UNCHANGED;
            Chain chain = chain(signature, tijoriIds);
            CertificateWrapper signer = signature.getSigningCertificate();
            signatures.add(new Signature(signer == null ? null : blankToNull(signer.getCommonName()),
                    signer == null ? null : blankToNull(signer.getSubjectSerialNumber()),
                    signer == null ? null : blankToNull(signer.getPseudo()),
                    instant(signature.getClaimedSigningTime()), timestamp(signature), intact, after, chain,
                    indication == null ? Indication.INDETERMINATE.name() : indication.name(),
                    subIndication == null ? null : subIndication.name(),
                    explanation(intact, after, chain, indication, subIndication,
                            signer != null && !signer.isRevocationDataAvailable())));
        }
        return new SignedFileReport(kind, signatures);
    }

    /**
     * Whether a PDF changed after this signature: nothing when its byte range ends where the file does; else what
     * DSS found in the later revisions. Later signatures and document time-stamps filling their own fields, and
     * validation data (a DSS dictionary), are no change of content.
     */
    static AfterSigning afterSigning(SignatureWrapper signature, DiagnosticData diagnostic, long fileLength) {
        PDFRevisionWrapper revision = signature.getPDFRevision();
        if (revision == null) {
            return AfterSigning.UNCHANGED;
        }
        List<BigInteger> range = revision.getSignatureByteRange();
        if (range != null && range.size() == 4
                && range.get(2).add(range.get(3)).compareTo(BigInteger.valueOf(fileLength)) >= 0) {
            return AfterSigning.UNCHANGED;
        }
        if (revision.arePdfModificationsDetected() || !revision.getPdfAnnotationChanges().isEmpty()
                || !revision.getPdfUndefinedChanges().isEmpty()) {
            return AfterSigning.CHANGED;
        }
        Set<String> laterFields = new HashSet<>();
        for (SignatureWrapper other : diagnostic.getSignatures()) {
            if (other != signature && other.getPDFRevision() != null) {
                laterFields.addAll(other.getPDFRevision().getSignatureFieldNames());
            }
        }
        for (TimestampWrapper timestamp : diagnostic.getTimestampList()) {
            if (timestamp.getPDFRevision() != null) {
                laterFields.addAll(timestamp.getPDFRevision().getSignatureFieldNames());
            }
        }
        return laterFields.containsAll(revision.getModifiedFieldNames()) ? AfterSigning.SIGNED_AGAIN
                : AfterSigning.CHANGED;
    }

    private static Chain chain(SignatureWrapper signature, Set<String> tijoriIds) {
        List<CertificateWrapper> chain = signature.getCertificateChain();
        if (chain.stream().anyMatch(certificate -> tijoriIds.contains(certificate.getId()))) {
            return Chain.TIJORI;
        }
        return chain.stream().anyMatch(CertificateWrapper::isTrusted) ? Chain.OTHER_TRUSTED : Chain.UNKNOWN;
    }

    private static Timestamp timestamp(SignatureWrapper signature) {
        List<TimestampWrapper> timestamps = signature.getSignatureTimestamps();
        if (timestamps.isEmpty() || timestamps.get(0).getProductionTime() == null) {
            return null;
        }
        TimestampWrapper timestamp = timestamps.get(0);
        boolean valid = timestamp.isMessageImprintDataFound() && timestamp.isMessageImprintDataIntact()
                && timestamp.isSignatureIntact() && timestamp.isSignatureValid();
        return new Timestamp(timestamp.getProductionTime().toInstant(), valid, timestamp.isTrustedChain());
    }

    /** DSS's outcome in words: what was broken or changed first, then whom to trust, then why it did not pass. */
    static Explanation explanation(boolean intact, AfterSigning after, Chain chain, Indication indication,
            SubIndication subIndication, boolean noRevocationData) {
        if (!intact) {
            return Explanation.BROKEN;
        }
        if (after == AfterSigning.CHANGED) {
            return Explanation.CHANGED_AFTER_SIGNING;
        }
        if (indication == Indication.TOTAL_PASSED || indication == Indication.PASSED) {
            return chain == Chain.TIJORI ? Explanation.VALID
                    : chain == Chain.OTHER_TRUSTED ? Explanation.VALID_OTHER_CA : Explanation.UNKNOWN_SIGNER;
        }
        if (chain == Chain.UNKNOWN) {
            return Explanation.UNKNOWN_SIGNER;
        }
        if (subIndication == null) {
            return Explanation.NOT_CONFIRMED;
        }
        return switch (subIndication.name()) {
            case "HASH_FAILURE", "SIG_CRYPTO_FAILURE" -> Explanation.BROKEN;
            case "REVOKED", "REVOKED_NO_POE", "REVOKED_CA_NO_POE" -> Explanation.REVOKED;
            case "EXPIRED", "NOT_YET_VALID", "OUT_OF_BOUNDS_NO_POE", "OUT_OF_BOUNDS_NOT_REVOKED" -> Explanation.EXPIRED;
            case "TRY_LATER", "REVOCATION_OUT_OF_BOUNDS_NO_POE" -> Explanation.REVOCATION_UNKNOWN;
            // What DSS says of a trusted chain whose signer's certificate has no revocation data it may use.
            case "CERTIFICATE_CHAIN_GENERAL_FAILURE" -> noRevocationData ? Explanation.REVOCATION_UNKNOWN
                    : Explanation.NOT_CONFIRMED;
            case "CRYPTO_CONSTRAINTS_FAILURE", "CRYPTO_CONSTRAINTS_FAILURE_NO_POE" -> Explanation.WEAK_ALGORITHM;
            case "FORMAT_FAILURE", "NO_SIGNING_CERTIFICATE_FOUND", "SIGNED_DATA_NOT_FOUND" -> Explanation.MALFORMED;
            case "NO_CERTIFICATE_CHAIN_FOUND", "NO_CERTIFICATE_CHAIN_FOUND_NO_POE" -> Explanation.UNKNOWN_SIGNER;
            default -> Explanation.NOT_CONFIRMED;
        };
    }

    private static boolean startsAsPdf(Path file) throws UncheckableFileException {
        byte[] head = head(file, PDF_HEADER_WITHIN);
        byte[] marker = "%PDF-".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + marker.length <= head.length; i++) {
            if (Arrays.equals(head, i, i + marker.length, marker, 0, marker.length)) {
                return true;
            }
        }
        return false;
    }

    /** A CMS signature as DSS reads it: DER as it is, PEM decoded first. */
    private static DSSDocument cms(Path signature) throws UncheckableFileException {
        byte[] head = head(signature, 16);
        if (head.length > 0 && head[0] == 0x30) {
            return new FileDocument(signature.toFile());
        }
        String start = new String(head, StandardCharsets.US_ASCII);
        if (start.startsWith("-----BEGIN")) {
            try {
                String pem = Files.readString(signature, StandardCharsets.US_ASCII);
                String body = pem.replaceAll("-----(BEGIN|END)[^-]*-----", "").replaceAll("\\s", "");
                return new InMemoryDocument(Base64.getDecoder().decode(body));
            }
            catch (IOException | IllegalArgumentException e) {
                // falls through to the refusal below
            }
        }
        throw new UncheckableFileException(Problem.NOT_A_SIGNATURE, "The signature file is not a CMS signature "
                + "(.p7s).");
    }

    private static byte[] head(Path file, int length) throws UncheckableFileException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(length);
        }
        catch (IOException e) {
            throw new UncheckableFileException(Problem.MALFORMED_PDF, "The file could not be read.");
        }
    }

    private static UncheckableFileException unreadable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidPasswordException
                    || cause instanceof org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException) {
                return new UncheckableFileException(Problem.ENCRYPTED_PDF, "The PDF is encrypted with a password: "
                        + "its signatures cannot be checked. Send the file as it was signed.");
            }
        }
        log.debug("A file could not be checked", failure);
        return new UncheckableFileException(Problem.MALFORMED_PDF, "The file could not be read as a signed PDF.");
    }

    private static List<X509Certificate> readRoots(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends java.security.cert.Certificate> read = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            List<X509Certificate> roots = new ArrayList<>();
            for (java.security.cert.Certificate certificate : read) {
                roots.add((X509Certificate) certificate);
            }
            if (roots.isEmpty()) {
                throw new IllegalStateException("tijori.esign.trusted-roots (" + pem + ") holds no certificate");
            }
            return List.copyOf(roots);
        }
        catch (IOException | CertificateException e) {
            throw new IllegalStateException("tijori.esign.trusted-roots (" + pem + ") cannot be read as PEM "
                    + "certificates", e);
        }
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** Stops the checks' threads. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
