package org.tijori.issuer;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.tijori.account.AccountId;
import org.tijori.identity.NationalId;
import org.tijori.identity.NationalIdLinks;
import org.tijori.identity.events.NationalIdLinked;
import org.tijori.issuer.events.DocumentDelivered;
import org.tijori.issuer.events.DocumentStatusChanged;
import org.tijori.issuer.intake.IssuedDocumentIntake;
import org.tijori.issuer.intake.PushOutcome;
import org.tijori.issuer.registration.IssuerCredentials;
import org.tijori.issuer.registration.IssuerRegistration;
import org.tijori.issuer.registration.IssuerRegistration.DocTypeRegistration;
import org.tijori.issuer.registration.IssuerRegistration.SearchParameter;
import org.tijori.issuer.registration.IssuerRegistrations;
import org.tijori.signing.TestIssuerKeys;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.modulith.test.PublishedEvents;
import org.springframework.modulith.test.Scenario;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The issuer module on its own (with the modules it depends on, without the locker, the web pages or the
 * demo), driven by the events that cross its border: another module's event goes in, the issuer's own
 * events come out, and the repository's state is checked once they have. Pushes and status changes are
 * made through the intake's Java entry points, as the HTTP layer calls them. The notification module is
 * included for the SMS sender the account module needs (it implements an interface of account).
 */
@ApplicationModuleTest(mode = BootstrapMode.ALL_DEPENDENCIES, extraIncludes = "notification")
class IssuedDocumentEventFlowTests {

    /** A person of the demo ID registry; the national ID needs no locker here, only its fingerprint. */
    static final String GURPREET = "999909139094";

    static final String ADDRESS = "192.0.2.10";

    @Autowired
    IssuerRegistrations registrations;

    @Autowired
    IssuedDocumentIntake intake;

    @Autowired
    NationalIdLinks nationalIds;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aDocumentParkedForANationalIdReachesTheResidentWhoLinksIt(Scenario scenario) {
        TestIssuer issuer = approvedIssuer();
        String docId = "EV" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000);
        String uri = publish(issuer, docId);
        assertThat(accountOf(uri)).as("parked").isNull();
        AccountId resident = new AccountId(UUID.randomUUID());
        String fingerprint = HexFormat.of().formatHex(nationalIds.fingerprint(new NationalId(GURPREET)));

        scenario.publish(new NationalIdLinked(resident, fingerprint, "9094"))
                .andWaitForEventOfType(DocumentDelivered.class)
                .matching(delivered -> delivered.uri().equals(uri))
                .toArriveAndVerify(delivered -> {
                    assertThat(delivered.account()).isEqualTo(resident);
                    assertThat(delivered.version()).isEqualTo(1);
                    assertThat(delivered.issuer()).isEqualTo(issuer.issuerId);
                    assertThat(accountOf(uri)).isEqualTo(resident.value());
                });
    }

    @Test
    void aRevocationChangesTheLiveVersionAndTellsTheOtherModules(Scenario scenario) {
        TestIssuer issuer = approvedIssuer();
        String docId = "RV" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000);
        String uri = publish(issuer, docId);
        Map<String, String> form = issuer.statusForm(uri, "revoked", "Issued in error");

        scenario.stimulate(() -> intake.changeStatus(form.get("clientid"), uri, "revoked", form.get("reason"),
                        form.get("ts"), form.get("nonce"), form.get("hmac"), ADDRESS))
                .andWaitForEventOfType(DocumentStatusChanged.class)
                .matching(changed -> changed.uri().equals(uri))
                .toArriveAndVerify((changed, outcome) -> {
                    assertThat(outcome).isInstanceOf(PushOutcome.Accepted.class);
                    assertThat(changed.status()).isEqualTo("REVOKED");
                    assertThat(changed.reason()).isEqualTo("Issued in error");
                    assertThat(statusOf(uri)).isEqualTo("REVOKED");
                });
    }

    @Test
    void aRefusedStatusChangeTellsNobodyAndChangesNothing(Scenario scenario, PublishedEvents events) {
        TestIssuer issuer = approvedIssuer();
        String uri = publish(issuer, "NC" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000));
        Map<String, String> form = issuer.statusForm(uri, "revoked", null);

        scenario.stimulate(() -> intake.changeStatus(form.get("clientid"), uri, "revoked", null, form.get("ts"),
                        form.get("nonce"), "forged" + form.get("hmac"), ADDRESS))
                .andWaitForStateChange(() -> statusOf(uri))
                .andVerify((status, outcome) -> {
                    assertThat(outcome).isInstanceOf(PushOutcome.Refused.class);
                    assertThat(status).isEqualTo("ACTIVE");
                    assertThat(events.ofType(DocumentStatusChanged.class).matching(changed -> changed.uri().equals(uri)))
                            .isEmpty();
                });
    }

    private TestIssuer approvedIssuer() {
        TestIssuer issuer = new TestIssuer("in.gov.events" + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 100_000_000),
                TestIssuerKeys.generate("Events Board"));
        registrations.register(new IssuerRegistration(issuer.issuerId, "Events Board", "state", "board@example.in", null,
                issuer.keys.certificatePem(), List.of(new DocTypeRegistration("HSCER", "Marksheet", "Class XII marksheet",
                        List.of(new SearchParameter("RollNo", "Roll number", "12345")), null, List.of()))));
        IssuerCredentials credentials = registrations.approve(new IssuerId(issuer.issuerId));
        issuer.clientId = credentials.clientId();
        issuer.clientSecret = credentials.clientSecret();
        issuer.apiKey = credentials.apiKey();
        return issuer;
    }

    private String publish(TestIssuer issuer, String docId) {
        String body = issuer.pushRequest(GURPREET, "HSCER", docId, "A",
                issuer.signedCertificate("HSCER", docId, GURPREET, "Gurpreet Kaur Sandhu"));
        PushOutcome outcome = intake.push(body.getBytes(StandardCharsets.UTF_8), issuer.hmac(body), ADDRESS);
        assertThat(outcome).as(outcome.toString()).isInstanceOf(PushOutcome.Accepted.class);
        return issuer.issuerId + "-HSCER-" + docId;
    }

    private UUID accountOf(String uri) {
        return jdbc.sql("select account_id from issuer_document where uri = ? and version = 1").param(uri)
                .query(UUID.class).optional().orElse(null);
    }

    private String statusOf(String uri) {
        return jdbc.sql("select status from issuer_document where uri = ? order by version desc limit 1").param(uri)
                .query(String.class).single();
    }
}
