package org.tijori.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.signing.Certificates;

/**
 * The demo issuer's RSA-2048 signing key and its self-signed certificate, made on the first start and
 * kept in its folder ({@code signing-key.pem} readable by the owner only, {@code signing-certificate.pem}),
 * so that a restart signs with the certificate Tijori already holds.
 */
final class DemoIssuerKeys {

    private static final Logger log = LoggerFactory.getLogger(DemoIssuerKeys.class);

    static final String KEY_FILE = "signing-key.pem";

    static final String CERTIFICATE_FILE = "signing-certificate.pem";

    private static final String BEGIN_KEY = "-----BEGIN PRIVATE KEY-----";

    private static final String END_KEY = "-----END PRIVATE KEY-----";

    /** Long enough that a demo installation never meets an expired certificate. */
    private static final Duration VALIDITY = Duration.ofDays(10 * 365);

    private final PrivateKey privateKey;

    private final X509Certificate certificate;

    private DemoIssuerKeys(PrivateKey privateKey, X509Certificate certificate) {
        this.privateKey = privateKey;
        this.certificate = certificate;
    }

    /** The key and certificate in {@code folder}, made there first if they are not. */
    static DemoIssuerKeys loadOrCreate(Path folder, String commonName) {
        Path keyFile = folder.resolve(KEY_FILE);
        Path certificateFile = folder.resolve(CERTIFICATE_FILE);
        try {
            if (Files.exists(keyFile) && Files.exists(certificateFile)) {
                return new DemoIssuerKeys(readKey(Files.readString(keyFile)),
                        Certificates.parsePem(Files.readString(certificateFile)));
            }
            DemoIssuerKeys created = create(commonName);
            Files.createDirectories(folder);
            DemoFiles.writePrivately(certificateFile, Certificates.toPem(created.certificate));
            DemoFiles.writePrivately(keyFile, created.privateKeyPem());
            log.info("Created the demo issuer's signing key and certificate in {}", folder);
            return created;
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the demo issuer's keys in " + folder, e);
        }
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    X509Certificate certificate() {
        return certificate;
    }

    String certificatePem() {
        return Certificates.toPem(certificate);
    }

    @Override
    public String toString() {
        return "DemoIssuerKeys[" + certificate.getSubjectX500Principal().getName() + ", private key redacted]";
    }

    private String privateKeyPem() {
        return BEGIN_KEY + "\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(privateKey.getEncoded())
                + "\n" + END_KEY + "\n";
    }

    private static PrivateKey readKey(String pem) {
        int begin = pem.indexOf(BEGIN_KEY);
        int end = pem.indexOf(END_KEY);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException("The demo issuer's " + KEY_FILE + " is not a PKCS #8 PEM private key; "
                    + "delete the demo-issuer folder to start the demo over.");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN_KEY.length(), end)
                    .getBytes(StandardCharsets.US_ASCII));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        }
        catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("The demo issuer's " + KEY_FILE + " is damaged; delete the demo-issuer "
                    + "folder to start the demo over.", e);
        }
    }

    /** An RSA-2048 key and a self-signed certificate for it. */
    private static DemoIssuerKeys create(String commonName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            return new DemoIssuerKeys(keys.getPrivate(),
                    Certificates.selfSigned(keys, commonName, "Tijori demo issuer", VALIDITY));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot make the demo issuer's signing key", e);
        }
    }
}
