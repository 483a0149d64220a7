package org.tijori.issuer;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.tijori.issuer.registration.PullHmacEncoding;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The two ways live issuers read {@code x-digilocker-hmac}, on RFC 4231's second HMAC-SHA256 test case. */
class PullHmacEncodingTests {

    /** HMAC-SHA256 of "what do ya want for nothing?" with the key "Jefe" (RFC 4231, test case 2). */
    static final byte[] MAC = HexFormat.of().parseHex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");

    @Test
    void writesBase64OfTheRawMacAsDigiLockersSpecificationSays() {
        assertThat(org.tijori.issuer.intake.IssuerRequestAuthentication.hmac("what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII),
                "Jefe".getBytes(StandardCharsets.US_ASCII))).isEqualTo(MAC);
        assertThat(PullHmacEncoding.BASE64.header(MAC)).isEqualTo("W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=");
    }

    @Test
    void writesBase64OfTheLowerCaseHexForIssuersThatCheckThat() {
        assertThat(PullHmacEncoding.BASE64_OF_HEX.header(MAC))
                .isEqualTo("NWJkY2MxNDZiZjYwNzU0ZTZhMDQyNDI2MDg5NTc1Yzc1YTAwM2YwODlkMjczOTgzOWRlYzU4Yjk2NGVjMzg0Mw==");
    }

    @Test
    void isNamedInRegistrationsByItsCode() {
        assertThat(PullHmacEncoding.ofCode("base64")).contains(PullHmacEncoding.BASE64);
        assertThat(PullHmacEncoding.ofCode("base64-of-hex")).contains(PullHmacEncoding.BASE64_OF_HEX);
        assertThat(PullHmacEncoding.ofCode("hex")).isEmpty();
        assertThat(PullHmacEncoding.ofCode(null)).isEmpty();
    }
}
