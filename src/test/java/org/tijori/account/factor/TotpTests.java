package org.tijori.account.factor;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TotpTests {

    static final byte[] SHA1_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    static final byte[] SHA256_SEED = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);

    static final byte[] SHA512_SEED = ("1234567890123456789012345678901234567890123456789012345678901234")
            .getBytes(StandardCharsets.US_ASCII);

    /** RFC 6238, appendix B: every test vector, eight digits, for the three hash functions. */
    @ParameterizedTest
    @CsvSource({
            "59,          94287082, 46119246, 90693936",
            "1111111109,  07081804, 68084774, 25091201",
            "1111111111,  14050471, 67062674, 99943326",
            "1234567890,  89005924, 91819424, 93441116",
            "2000000000,  69279037, 90698825, 38618901",
            "20000000000, 65353130, 77737706, 47863826" })
    void matchesTheTestVectorsOfRfc6238(long seconds, String sha1, String sha256, String sha512) {
        long step = Totp.step(Instant.ofEpochSecond(seconds));

        assertThat(Totp.code(SHA1_SEED, step, "HmacSHA1", 8)).isEqualTo(sha1);
        assertThat(Totp.code(SHA256_SEED, step, "HmacSHA256", 8)).isEqualTo(sha256);
        assertThat(Totp.code(SHA512_SEED, step, "HmacSHA512", 8)).isEqualTo(sha512);
    }

    /** RFC 4226, appendix D: the six-digit codes of counters 0 to 9, which is what a TOTP step is. */
    @Test
    void matchesTheSixDigitVectorsOfRfc4226() {
        String[] expected = { "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583",
                "399871", "520489" };
        for (int counter = 0; counter < expected.length; counter++) {
            assertThat(Totp.code(SHA1_SEED, counter)).as("counter %d", counter).isEqualTo(expected[counter]);
        }
    }

    @Test
    void stepsAreThirtySecondsFromTheEpoch() {
        assertThat(Totp.step(Instant.ofEpochSecond(0))).isZero();
        assertThat(Totp.step(Instant.ofEpochSecond(29))).isZero();
        assertThat(Totp.step(Instant.ofEpochSecond(30))).isEqualTo(1);
        assertThat(Totp.step(Instant.ofEpochSecond(59))).isEqualTo(1);
    }

    @Test
    void keepsLeadingZeros() {
        // RFC 6238's vector at 1111111109 s starts with a zero in eight digits; six digits keep theirs too.
        assertThat(Totp.code(SHA1_SEED, Totp.step(Instant.ofEpochSecond(1111111109)))).hasSize(6).isEqualTo("081804");
    }

    @Test
    void comparesATypedCode() {
        long step = Totp.step(Instant.ofEpochSecond(59));
        assertThat(Totp.matches(SHA1_SEED, step, "287082")).isTrue();
        assertThat(Totp.matches(SHA1_SEED, step, "287083")).isFalse();
        assertThat(Totp.matches(SHA1_SEED, step + 1, "287082")).isFalse();
    }

    @Test
    void acceptsOnlySixDigitsWithOptionalSpaces() {
        assertThat(Totp.normalise("123 456")).isEqualTo("123456");
        assertThat(Totp.normalise(" 123456 ")).isEqualTo("123456");
        assertThat(Totp.normalise("12345")).isNull();
        assertThat(Totp.normalise("1234567")).isNull();
        assertThat(Totp.normalise("12345a")).isNull();
        assertThat(Totp.normalise("١٢٣٤٥٦")).as("other scripts' digits").isNull();
        assertThat(Totp.normalise(null)).isNull();
    }

    @Test
    void encodesSecretsInBase32AsAppsReadThem() {
        // RFC 4648, section 10.
        assertThat(Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(Base32.encode("f".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MY");
        assertThat(Base32.encode(SHA1_SEED)).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assertThat(Base32.decode("gezd gnbv-gy3tqojq GEZDGNBVGY3TQOJQ")).isEqualTo(SHA1_SEED);
        assertThatThrownBy(() -> Base32.decode("GE1D")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void enrolmentGivesTheKeyUriThatAppsScan() {
        var enrolment = new SecondFactors.TotpEnrolment("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "asha k");

        assertThat(enrolment.uri()).isEqualTo("otpauth://totp/Tijori%3Aasha%20k?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                + "&issuer=Tijori&algorithm=SHA1&digits=6&period=30");
        assertThat(enrolment.grouped()).isEqualTo("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
        assertThat(enrolment.toString()).doesNotContain("GEZD");
        assertThat(enrolment.qrCode("QR")).startsWith("<svg").contains("aria-label=\"QR\"");
    }

    @Test
    void recoveryCodesAreReadAsAPersonTypesThem() {
        assertThat(RecoveryCodes.normalise(" ABCDE-fghjk ")).isEqualTo("abcdefghjk");
        assertThat(RecoveryCodes.normalise("abcde fghjk")).isEqualTo("abcdefghjk");
        assertThat(RecoveryCodes.normalise("abcde-fghj")).isNull();
        assertThat(RecoveryCodes.normalise("abcde-fghi1")).as("look-alikes are not in the alphabet").isNull();
        assertThat(RecoveryCodes.normalise(null)).isNull();
    }
}
