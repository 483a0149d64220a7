package org.tijori.issuer.registration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tijori.issuer.IssuerProblemException;
import org.tijori.issuer.pull.ResidentField;
import org.tijori.issuer.registration.IssuerRegistration.DocTypeRegistration;
import org.tijori.issuer.registration.IssuerRegistration.SearchParameter;
import org.tijori.signing.TestIssuerKeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A registration checking itself, without Spring or a database. */
class IssuerRegistrationTests {

    static final TestIssuerKeys KEYS = TestIssuerKeys.generate("Board");

    static final Instant NOW = Instant.now();

    static final String STRONG_KEY = "Xq7-vT2_pLm9RkW4zYc8NbHs5JdFgA3e";

    @Test
    void aRegistrationThatHoldsComesBackNormalised() {
        IssuerRegistration.Valid valid = registration(" State ", "board@example.in",
                docType("HSCER", List.of("FullName", "UIDHash")), STRONG_KEY, "base64-of-hex").validate(NOW);

        assertThat(valid.issuer().value()).isEqualTo("in.gov.board");
        assertThat(valid.category()).isEqualTo("state");
        assertThat(valid.pullHmacEncoding()).isEqualTo(PullHmacEncoding.BASE64_OF_HEX);
        assertThat(valid.apiKey()).isEqualTo(STRONG_KEY);
        assertThat(valid.toString()).doesNotContain(STRONG_KEY);
        assertThat(valid.docTypes()).singleElement().satisfies(docType -> {
            assertThat(docType.code().value()).isEqualTo("HSCER");
            assertThat(docType.description()).isEmpty();
            assertThat(docType.xslt()).isNull();
            assertThat(docType.residentFields()).containsExactly(ResidentField.UID_HASH, ResidentField.FULL_NAME);
        });
    }

    @Test
    void eachWrongFieldIsNamedInTheRefusal() {
        assertRefused(new IssuerRegistration("not an id", "Board", "state", "b@example.in", null, KEYS.certificatePem(),
                List.of(docType("HSCER", List.of()))), "issuerId: ");
        assertRefused(new IssuerRegistration("self", "Board", "state", "b@example.in", null, KEYS.certificatePem(),
                List.of(docType("UPLD", List.of()))), "issuerId: self is reserved");
        assertRefused(registration("federal", "b@example.in", docType("HSCER", List.of()), null, null),
                "category: one of central, state, education, transport, banking, health, other.");
        assertRefused(new IssuerRegistration("in.gov.board", "Board", "education", "b@example.in", null,
                KEYS.certificatePem(), List.of(docType("HSCER", List.of())), null, null, "xx", null),
                "state: the two-letter code of a state or union territory");
        assertRefused(new IssuerRegistration("in.gov.board", "Board", "education", "b@example.in", null,
                KEYS.certificatePem(), List.of(docType("HSCER", List.of())), null, null, "mh", "ब".repeat(201)),
                "nameHi: at most 200 characters.");
        assertRefused(new IssuerRegistration("in.gov.board", "Board", "education", "b@example.in", null,
                KEYS.certificatePem(), List.of(new DocTypeRegistration("HSCER", "Marksheet", null, List.of(), null,
                        null, "ब".repeat(201)))), "docTypes.nameHi: at most 200 characters.");
        assertRefused(registration("state", "not-an-address", docType("HSCER", List.of()), null, null),
                "contactEmail: not an e-mail address.");
        assertRefused(registration("state", "b@example.in", docType("HSCER", List.of("UID", "UIDHash")), null, null),
                "docTypes.residentFields: UID and UIDHash both fill the UID element");
        assertRefused(registration("state", "b@example.in", docType("HSCER", List.of()), null, "hex"),
                "pullHmacEncoding: base64 or base64-of-hex.");
        assertRefused(new IssuerRegistration("in.gov.board", "Board", "state", "b@example.in", null, KEYS.certificatePem(),
                List.of(docType("HSCER", List.of()), docType("HSCER", List.of()))), "docTypes: HSCER is listed twice.");
        assertRefused(new IssuerRegistration("in.gov.board", "Board", "state", "b@example.in", null, KEYS.certificatePem(),
                List.of(new DocTypeRegistration("HSCER", "Marksheet", null,
                        List.of(new SearchParameter("uid", "Roll", null)), null, null))),
                "docTypes.searchParameters.paramname: uid is taken");
    }

    @Test
    void aStateAndHindiNamesAreOptionalAndNormalised() {
        IssuerRegistration.Valid listed = new IssuerRegistration("in.gov.board", "Board", " Transport ", "b@example.in",
                null, KEYS.certificatePem(), List.of(new DocTypeRegistration("DRVLC", "Driving Licence", null, List.of(),
                        null, null, " ड्राइविंग लाइसेंस ")), null, null, " MH ", " परिवहन विभाग ")
                .validate(NOW);
        assertThat(listed.category()).isEqualTo("transport");
        assertThat(listed.state()).isEqualTo(StateOrTerritory.MH);
        assertThat(listed.nameHi()).isEqualTo("परिवहन विभाग");
        assertThat(listed.docTypes().get(0).nameHi()).isEqualTo("ड्राइविंग लाइसेंस");

        IssuerRegistration.Valid plain = registration("state", "b@example.in", docType("HSCER", List.of()), null, null)
                .validate(NOW);
        assertThat(plain.state()).isNull();
        assertThat(plain.nameHi()).isNull();
        assertThat(plain.docTypes().get(0).nameHi()).isNull();
    }

    @Test
    void aWeakChosenKeyIsRefusedWithoutRepeatingIt() {
        String weak = "abababababababababababababababababab";

        assertThatThrownBy(() -> registration("state", "b@example.in", docType("HSCER", List.of()), weak, null)
                .validate(NOW))
                .isInstanceOf(IssuerProblemException.class)
                .hasMessageStartingWith("apiKey: too weak")
                .hasMessageNotContaining(weak);
    }

    @Test
    void aCertificateIsJudgedAtTheMomentGiven() {
        IssuerRegistration registration = registration("state", "b@example.in", docType("HSCER", List.of()), null, null);

        assertThat(registration.validate(NOW).certificate()).isEqualTo(KEYS.certificate());
        assertThatThrownBy(() -> registration.validate(NOW.plus(Duration.ofDays(400))))
                .hasMessage("signingCertificatePem: the certificate has expired.");
    }

    private static IssuerRegistration registration(String category, String email, DocTypeRegistration docType,
            String apiKey, String encoding) {
        return new IssuerRegistration("in.gov.board", "Board", category, email, null, KEYS.certificatePem(),
                List.of(docType), apiKey, encoding);
    }

    private static DocTypeRegistration docType(String code, List<String> residentFields) {
        return new DocTypeRegistration(code, "Marksheet", null, List.of(new SearchParameter("RollNo", "Roll number",
                "12345")), null, residentFields);
    }

    private static void assertRefused(IssuerRegistration registration, String message) {
        assertThatThrownBy(() -> registration.validate(NOW)).isInstanceOf(IssuerProblemException.class)
                .hasMessageStartingWith(message);
    }
}
