package org.tijori.signing;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import org.tijori.signing.UnsignableDocumentException.Reason;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * E-signatures of residents' files by Tijori acting as the e-sign service provider: for each signing the e-sign CA
 * issues a certificate valid for minutes to a key pair made for that signing alone, which signs and is forgotten.
 * <ul>
 * <li>A PDF gets a PAdES baseline B-LT signature: a time-stamped CAdES signature in an incremental update, so that
 * signatures already in it stay valid, and the chain and CRL in its document security store.</li>
 * <li>A JPEG or PNG image gets a detached CAdES baseline B-T signature, a {@code .p7s} kept beside it.</li>
 * </ul>
 * Both stream the file and never hold it in memory; a file that is refused raises
 * {@link UnsignableDocumentException}, and a time-stamp authority that fails {@link TimeStampUnavailableException}.
 * Proving who the signer is (an OTP, a second factor) is the caller's part, before it calls here.
 */
@Service
public class EsignSignatures {

    private static final byte[] JPEG = { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF };

    private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };

    private final CertificateAuthority authority;

    private final CadesSigner cades;

    private final TimeStampAuthority timeStamps;

    private final PadesSigner pades;

    private final Supplier<byte[]> crl;

    private final Clock clock;

    private final Duration signerValidity;

    private final long maxInputSize;

    @Autowired
    EsignSignatures(EsignAuthority authority, EsignProperties properties, Clock clock) {
        this(authority.authority(), authority.timeStamps(), authority::crl, properties.limits(), clock,
                properties.signerValidity());
    }

    EsignSignatures(CertificateAuthority authority, TimeStampAuthority timeStamps, Supplier<byte[]> crl,
            PadesSigner.Limits limits, Clock clock, Duration signerValidity) {
        this.authority = Objects.requireNonNull(authority, "authority");
        this.timeStamps = Objects.requireNonNull(timeStamps, "timeStamps");
        this.cades = new CadesSigner(timeStamps);
        this.pades = new PadesSigner(cades, limits, clock);
        this.crl = Objects.requireNonNull(crl, "crl");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.signerValidity = Objects.requireNonNull(signerValidity, "signerValidity");
        this.maxInputSize = limits.maxInputSize().toBytes();
    }

    /**
     * Writes to {@code out} the PDF read from {@code pdf} with {@code signer}'s signature added. Neither stream is
     * closed; nothing is written to {@code out} unless the whole signed PDF was made.
     *
     * @throws UnsignableDocumentException when the PDF is too large, not a PDF or damaged, encrypted, certified
     *                                     against changes, has too many pages, the box does not fit, or signing it
     *                                     takes too long
     * @throws TimeStampUnavailableException when the time-stamp authority gives no token
     * @throws UncheckedIOException when {@code pdf} cannot be read, {@code out} cannot be written, or the scratch
     *                              directory fails
     */
    public EsignReceipt signPdf(InputStream pdf, OutputStream out, SignerIdentity signer,
            PdfSignatureOptions options) {
        Objects.requireNonNull(signer, "signer");
        return pades.sign(pdf, out, () -> issue(signer), signer, options == null ? PdfSignatureOptions.NONE : options,
                this::material);
    }

    /**
     * A detached signature of the JPEG or PNG image read from {@code image} (to its end; not closed).
     *
     * @throws UnsignableDocumentException when the file is too large or not a JPEG or PNG image
     * @throws TimeStampUnavailableException when the time-stamp authority gives no token
     * @throws UncheckedIOException when {@code image} cannot be read
     */
    public DetachedSignature signImage(InputStream image, SignerIdentity signer) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(signer, "signer");
        try {
            PushbackInputStream in = new PushbackInputStream(image, PNG.length);
            byte[] head = in.readNBytes(PNG.length);
            in.unread(head);
            if (!startsWith(head, JPEG) && !startsWith(head, PNG)) {
                throw new UnsignableDocumentException(Reason.NOT_AN_IMAGE, "The file is neither a JPEG nor a PNG image");
            }
            IssuedCredential credential = issue(signer);
            CadesSigner.Signed signed = cades.sign(new Bounded(in, maxInputSize), credential);
            X509Certificate certificate = credential.certificate();
            return new DetachedSignature(signed.cms(), new EsignReceipt(certificate.getSerialNumber().toString(16),
                    certificate.getSubjectX500Principal().getName(), clock.instant(),
                    signed.timeStamp().getTimeStampInfo().getGenTime().toInstant()));
        }
        catch (IOException e) {
            throw new UncheckedIOException("could not read the image", e);
        }
    }

    private IssuedCredential issue(SignerIdentity signer) {
        return authority.issueSigner(signer, clock.instant(), signerValidity);
    }

    private ValidationMaterial.Material material(IssuedCredential credential) {
        Set<String> seen = new HashSet<>();
        List<byte[]> certificates = new ArrayList<>();
        for (X509Certificate certificate : credential.chain()) {
            byte[] der = PadesSigner.der(certificate);
            if (seen.add(HexFormat.of().formatHex(der))) {
                certificates.add(der);
            }
        }
        for (byte[] der : timeStamps.certificates()) {
            if (seen.add(HexFormat.of().formatHex(der))) {
                certificates.add(der);
            }
        }
        return new ValidationMaterial.Material(certificates, List.of(crl.get()));
    }

    private static boolean startsWith(byte[] head, byte[] magic) {
        return head.length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }

    /** The image's stream, refused once more than the largest signed file has been read. */
    private static final class Bounded extends FilterInputStream {

        private final long max;

        private long read;

        Bounded(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > max) {
                throw new UnsignableDocumentException(Reason.TOO_LARGE, "The file is larger than " + max
                        + " bytes, the most a signed file may be");
            }
        }
    }
}
