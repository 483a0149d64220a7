package org.tijori.issuer.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;
import org.springframework.util.unit.DataSize;
import org.tijori.account.AccountId;
import org.tijori.account.LockerId;
import org.tijori.issuer.DocTypeCode;
import org.tijori.issuer.IssuerId;
import org.tijori.issuer.registration.Issuer;
import org.tijori.issuer.registration.IssuerStatus;
import org.tijori.issuer.registration.PullHmacEncoding;
import org.tijori.signing.LegacyAlgorithms;
import org.tijori.signing.SecureXml;
import org.tijori.signing.XmlSignatures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any bytes as the body of DigiLocker's XML push, read and checked the way the intake does before it stores
 * anything: the push is checked (its Certificate XML verified against the issuer's certificate) or refused with a
 * {@link PushRefusedException}, which the web layer answers as a 4xx. Nothing else escapes, within a second.
 * The seeds in {@code XmlPushFuzzTestsInputs} are pushes signed by {@link #ISSUER}'s key, made once; its certificate
 * is read from the signed seed, so no private key is kept. A fuzzing run: docs/fuzzing.md.
 */
class XmlPushFuzzTests {

    static final String SIGNED_SEED = "XmlPushFuzzTestsInputs/readsChecksOrRefuses/signed-push-by-national-id.xml";

    static final LockerId LOCKER = LockerId.parse("3f1c2e3a-6b0e-4c8e-9c11-5a1f0f7e2d41").orElseThrow();

    /** The issuer that signed the seeds, allowed RSA-SHA1 so that the legacy verification is fuzzed as well. */
    static final Issuer ISSUER = new Issuer(new IssuerId("in.gov.board"), "Board", IssuerStatus.APPROVED,
            "CLIENT0001", new byte[32], new byte[32], seedSigner(), null, LegacyAlgorithms.RSA_SHA1_ALLOWED,
            PullHmacEncoding.BASE64, Set.of(new DocTypeCode("HSCER")));

    static final PushValidator VALIDATOR = new PushValidator(
            locker -> Optional.ofNullable(Map.of(LOCKER, new AccountId(new UUID(1, 1))).get(locker)), 1 << 20);

    final XmlPushReader reader = new XmlPushReader(1 << 20, DataSize.ofMegabytes(1));

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void readsChecksOrRefuses(byte[] body) {
        try {
            reader.root(body);
            XmlPushReader.XmlPush push = reader.read(body);
            PushCommand command = reader.command(push, ISSUER.id());
            CheckedPush checked = VALIDATOR.check(command, ISSUER);
            assertThat(checked.uri().issuer()).isEqualTo(ISSUER.id());
        }
        catch (PushRefusedException refused) {
            assertThat(refused.code()).isNotBlank();
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    /** The certificate in the signature of the signed seed: the registered certificate of {@link #ISSUER}. */
    static X509Certificate seedSigner() {
        try (InputStream seed = XmlPushFuzzTests.class.getResourceAsStream(SIGNED_SEED)) {
            String push = new String(seed.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            String content = push.substring(push.indexOf("<DataContent>") + 13, push.indexOf("</DataContent>"));
            byte[] certificate = java.util.Base64.getDecoder().decode(content);
            return XmlSignatures.namedCertificates(SecureXml.parse(certificate, 1 << 20)).get(0);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
