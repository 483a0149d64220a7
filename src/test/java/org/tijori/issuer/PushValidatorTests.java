package org.tijori.issuer;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.tijori.account.AccountId;
import org.tijori.account.LockerId;
import org.tijori.identity.NationalId;
import org.tijori.issuer.intake.CheckedPush;
import org.tijori.issuer.intake.PushAction;
import org.tijori.issuer.intake.PushCommand;
import org.tijori.issuer.intake.PushOutcome;
import org.tijori.issuer.intake.PushRefusedException;
import org.tijori.issuer.intake.PushValidator;
import org.tijori.issuer.registration.Issuer;
import org.tijori.issuer.registration.IssuerStatus;
import org.tijori.issuer.registration.PullHmacEncoding;
import org.tijori.signing.TestIssuerKeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rules of a push, the same for the XML push, the form push and bulk: checked here without Spring, on
 * commands as the readers make them.
 */
class PushValidatorTests {

    static final String AARAV = "999941057058";

    static final String PRIYA = "999952601814";

    static final TestIssuer BOARD = new TestIssuer("in.gov.board", TestIssuerKeys.generate("Board"));

    static final Issuer ISSUER = new Issuer(new IssuerId("in.gov.board"), "Board", IssuerStatus.APPROVED, "CLIENT0001",
            new byte[32], new byte[32], BOARD.keys.certificate(), null, org.tijori.signing.LegacyAlgorithms.REFUSED,
            PullHmacEncoding.BASE64, java.util.Set.of(new DocTypeCode("HSCER")));

    static final LockerId LOCKER = new LockerId(UUID.randomUUID());

    static final AccountId ACCOUNT = new AccountId(UUID.randomUUID());

    final PushValidator validator = new PushValidator(
            locker -> Optional.ofNullable(Map.of(LOCKER, ACCOUNT).get(locker)), 1 << 20);

    static DocumentUri uri(String issuer, String docType, String docId) {
        return new DocumentUri(new IssuerId(issuer), new DocTypeCode(docType), docId);
    }

    static PushCommand command(DocumentUri uri, PushAction action, PushCommand.Recipient recipient, String docName,
            byte[] xml, byte[] pdf) {
        return new PushCommand(uri, action, recipient, docName, LocalDate.of(2014, 5, 15), LocalDate.of(2014, 5, 15),
                null, xml, pdf);
    }

    static PushCommand.Recipient aarav() {
        return new PushCommand.ByNationalId(new NationalId(AARAV));
    }

    @Test
    void acceptsAMetadataOnlyPushWithNoCertificateToVerify() {
        CheckedPush checked = validator.check(command(uri("in.gov.board", "HSCER", "R1"), PushAction.ADD, aarav(),
                " Class XII Marksheet ", null, null), ISSUER);

        assertThat(checked.uri()).hasToString("in.gov.board-HSCER-R1");
        assertThat(checked.action()).isEqualTo(PushAction.ADD);
        assertThat(checked.docName()).isEqualTo("Class XII Marksheet");
        assertThat(checked.uid()).isEqualTo(new NationalId(AARAV));
        assertThat(checked.account()).isNull();
        assertThat(checked.xml()).isNull();
        assertThat(checked.signer()).isNull();
    }

    @Test
    void verifiesTheCertificateWhenOneIsSentAndKnowsItsSigner() {
        byte[] certificate = BOARD.signedCertificate("HSCER", "R1", AARAV, "Aarav Sharma");

        CheckedPush checked = validator.check(command(uri("in.gov.board", "HSCER", "R1"), PushAction.UPDATE, aarav(),
                "Class XII Marksheet", certificate, "%PDF-1.7".getBytes(StandardCharsets.US_ASCII)), ISSUER);

        assertThat(checked.signer()).contains("CN=Board");
        assertThat(checked.xml()).isEqualTo(certificate);

        byte[] altered = new String(certificate, StandardCharsets.UTF_8).replace("88.2", "98.2")
                .getBytes(StandardCharsets.UTF_8);
        assertRefused(command(uri("in.gov.board", "HSCER", "R1"), PushAction.ADD, aarav(), "Marksheet", altered, null),
                PushOutcome.Refusal.INVALID, "invalid_signature", "");
        assertRefused(command(uri("in.gov.board", "HSCER", "R1"), PushAction.ADD,
                new PushCommand.ByNationalId(new NationalId(PRIYA)), "Marksheet", certificate, null),
                PushOutcome.Refusal.INVALID, "invalid_certificate", "another national ID");
        assertRefused(command(uri("in.gov.board", "HSCER", "R1"), PushAction.ADD, aarav(), "Marksheet", null,
                "not a pdf".getBytes(StandardCharsets.US_ASCII)), PushOutcome.Refusal.INVALID, "invalid_parameter",
                "must be a PDF");
    }

    @Test
    void refusesAUriOfAnotherIssuerOrADocTypeTheIssuerDidNotRegister() {
        assertRefused(command(uri("in.gov.other", "HSCER", "R1"), PushAction.ADD, aarav(), "Marksheet", null, null),
                PushOutcome.Refusal.INVALID, "invalid_parameter", "URI parameter is missing or invalid");
        assertRefused(command(uri("in.gov.board", "SSCER", "R1"), PushAction.ADD, aarav(), "Marksheet", null, null),
                PushOutcome.Refusal.FORBIDDEN, "invalid_doctype", "Doctype parameter is missing or invalid");
    }

    @Test
    void resolvesALockerIdToItsAccountAndRefusesOneThatNamesNoLocker() {
        CheckedPush checked = validator.check(command(uri("in.gov.board", "HSCER", "R1"), PushAction.ADD,
                new PushCommand.ByLocker(" " + LOCKER.value() + " "), "Marksheet", null, null), ISSUER);
        assertThat(checked.account()).isEqualTo(ACCOUNT);
        assertThat(checked.uid()).isNull();

        for (String locker : new String[] { UUID.randomUUID().toString(), "not-a-uuid", null }) {
            assertRefused(command(uri("in.gov.board", "HSCER", "R1"), PushAction.ADD,
                    new PushCommand.ByLocker(locker), "Marksheet", null, null), PushOutcome.Refusal.INVALID,
                    "invalid_digilocker_id", "The digilockerid parameter is invalid");
        }
    }

    @Test
    void aDocumentThatStaysNeedsANameAndDatesInOrderButADeletionNeedsNeither() {
        for (String name : new String[] { null, "", "   ", "x".repeat(201) }) {
            assertRefused(command(uri("in.gov.board", "HSCER", "R1"), PushAction.ADD, aarav(), name, null, null),
                    PushOutcome.Refusal.INVALID, "invalid_parameter", "Description parameter is missing or invalid");
        }
        PushCommand backwards = new PushCommand(uri("in.gov.board", "HSCER", "R1"), PushAction.UPDATE, aarav(),
                "Marksheet", null, LocalDate.of(2020, 1, 2), LocalDate.of(2020, 1, 1), null, null);
        assertRefused(backwards, PushOutcome.Refusal.INVALID, "invalid_parameter", "ValidTo is before ValidFrom");

        CheckedPush deleted = validator.check(command(uri("in.gov.board", "HSCER", "R1"), PushAction.DELETE, aarav(),
                null, "ignored".getBytes(StandardCharsets.US_ASCII), "ignored".getBytes(StandardCharsets.US_ASCII)),
                ISSUER);
        assertThat(deleted.action()).isEqualTo(PushAction.DELETE);
        assertThat(deleted.xml()).isNull();
        assertThat(deleted.pdf()).isNull();
    }

    private void assertRefused(PushCommand command, PushOutcome.Refusal kind, String code, String... words) {
        assertThatThrownBy(() -> validator.check(command, ISSUER)).isInstanceOfSatisfying(PushRefusedException.class,
                refused -> {
                    assertThat(refused.kind()).isEqualTo(kind);
                    assertThat(refused.code()).isEqualTo(code);
                    assertThat(refused.getMessage()).contains(words);
                });
    }
}
