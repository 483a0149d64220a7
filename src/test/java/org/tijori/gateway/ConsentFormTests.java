package org.tijori.gateway;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.account.ResidentAccounts;
import org.tijori.issuer.TestIssuer;
import org.tijori.signing.TestIssuerKeys;
import org.tijori.audit.AuditTrail;
import org.tijori.gateway.token.Authorizations;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consent page and its answer (ADR 23): what the page shows and its headers; a denial stores nothing; the answer
 * needs the page's CSRF token (Spring Security exempts its endpoints), the resident's own state, and documents of the
 * resident's own.
 */
@RequesterTestContext
class ConsentFormTests {

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    Consents consents;

    @Autowired
    Authorizations authorizations;

    @Autowired
    AuditTrail trail;

    FlowFixture flows;

    @BeforeEach
    void flows() {
        flows = new FlowFixture(port, accounts, consents, authorizations);
    }

    HttpResponse<String> page(PartnerClient partner, WebClient browser, Map<String, String> request)
            throws Exception {
        HttpResponse<String> asked = browser.get(PartnerClient.authorizeUrl(request));
        return browser.get(PartnerClient.pathOf(PartnerClient.location(asked)));
    }

    @Test
    void thePageShowsWhoAsksWhatAndForHowLongUnderItsOwnPolicy() throws Exception {
        PartnerClient partner = flows.partner();
        WebClient browser = flows.signedIn(flows.resident());
        Map<String, String> request = partner.request("files.issueddocs eaadhaar pull unknown.scope");
        request.put("purpose", "Loan application 42");

        HttpResponse<String> page = page(partner, browser, request);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(partner.requester.name, "Test Bank Ltd", "Opening savings accounts",
                "Loan application 42", "Your name, date of birth, gender and locker ID",
                "value=\"files.issueddocs\"", "value=\"eaadhaar\"", "value=\"pull\"", "value=\"all\"",
                "value=\"once\"", "value=\"day\"", "value=\"month\"", "value=\"year\"", "value=\"allow\"",
                "value=\"deny\"", "name=\"_csrf\"").doesNotContain("unknown.scope", "value=\"files.uploadeddocs\"");
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).contains("frame-ancestors 'none'").contains("form-action 'self' https://bank")
                .contains("http://127.0.0.1:");
        assertThat(page.headers().allValues("Content-Security-Policy")).hasSize(1);
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }

    @Test
    void aDenialGoesBackAsAccessDeniedAndStoresNothing() throws Exception {
        PartnerClient partner = flows.partner();
        var resident = flows.resident();
        WebClient browser = flows.signedIn(resident);

        HttpResponse<String> denied = partner.consent(browser, partner.request(null), Map.of("decision", "deny"));

        assertThat(denied.statusCode()).isEqualTo(302);
        assertThat(PartnerClient.location(denied)).startsWith(partner.redirectUri() + "?");
        assertThat(PartnerClient.redirectParameters(denied)).containsEntry("error", "access_denied")
                .containsEntry("state", partner.state).doesNotContainKey("code");
        assertThat(consents.of(resident.id())).isEmpty();
        await().untilAsserted(() -> assertThat(trail.about(resident.id().toString(), 20))
                .extracting(entry -> entry.action()).contains("gateway.ConsentRefused"));
    }

    @Test
    void theAnswerNeedsThePagesCsrfTokenEvenWithAValidState() throws Exception {
        PartnerClient partner = flows.partner();
        var resident = flows.resident();
        WebClient browser = flows.signedIn(resident);
        HttpResponse<String> page = page(partner, browser, partner.request(null));
        Map<String, String> form = PartnerClient.hiddenFields(page.body());
        form.remove("_csrf");
        form.put("decision", "allow");

        HttpResponse<String> forged = browser.postForm(PartnerClient.AUTHORIZE, form);

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.headers().firstValue("Location")).isEmpty();
        assertThat(consents.of(resident.id())).isEmpty();
        HttpResponse<String> genuine = PartnerClient.answerAsBrowser(browser, page.body(), Map.of("decision", "allow"));
        assertThat(PartnerClient.redirectParameters(genuine)).containsKey("code");
    }

    @Test
    void anotherResidentCannotAnswerTheState() throws Exception {
        PartnerClient partner = flows.partner();
        WebClient owner = flows.signedIn(flows.resident());
        var other = flows.resident();
        WebClient stranger = flows.signedIn(other);
        HttpResponse<String> page = page(partner, owner, partner.request(null));
        Map<String, String> ownersForm = PartnerClient.hiddenFields(page.body());
        String strangersPage = stranger.get("/consent?client_id=" + partner.requester.clientId + "&state="
                + PartnerClient.encode(ownersForm.get("state"))).body();
        assertThat(strangersPage).contains("id=\"authorize-error\"");

        Map<String, String> form = new java.util.LinkedHashMap<>(ownersForm);
        form.put("_csrf", WebClient.csrfTokenOf(stranger.get("/profile").body()));
        form.put("decision", "allow");
        HttpResponse<String> taken = stranger.postForm(PartnerClient.AUTHORIZE, form);

        assertThat(taken.statusCode()).isEqualTo(400);
        assertThat(taken.headers().firstValue("Location")).isEmpty();
        assertThat(consents.of(other.id())).isEmpty();
    }

    @Test
    void aDocumentThatIsNotTheResidentsIsRefused() throws Exception {
        PartnerClient partner = flows.partner();
        var resident = flows.resident();
        WebClient browser = flows.signedIn(resident);
        HttpResponse<String> page = page(partner, browser, partner.request("files.issueddocs"));

        HttpResponse<String> refused = PartnerClient.answerWith(browser, page.body(), "scope", "files.issueddocs",
                "document", "in.gov.other-DGCER-999", "decision", "allow");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Location")).isEmpty();
        assertThat(consents.of(resident.id())).isEmpty();
    }

    @Test
    void aResidentChoosesOneOfTheirIssuedDocuments() throws Exception {
        PartnerClient partner = flows.partner();
        var resident = flows.resident();
        TestIssuer issuer = new TestIssuer("in.gov.consent" + System.nanoTime() % 1_000_000,
                TestIssuerKeys.generate("Board"));
        issuer.registerAndApprove(flows.http(), issuer.registrationJson("HSCER"), RequesterTestContext.TOKEN);
        String chosen = issuer.publish(flows.http(), "<DigiLockerId>" + resident.lockerId() + "</DigiLockerId>",
                "HSCER", "A" + System.nanoTime() % 1_000_000, "234567890124", "Asha Verma");
        String other = issuer.publish(flows.http(), "<DigiLockerId>" + resident.lockerId() + "</DigiLockerId>",
                "HSCER", "B" + System.nanoTime() % 1_000_000, "234567890124", "Asha Verma");
        WebClient browser = flows.signedIn(resident);
        await().untilAsserted(() -> assertThat(page(partner, browser, partner.request("files.issueddocs")).body())
                .contains("value=\"" + chosen + "\"", "value=\"" + other + "\"", "Class XII Marksheet"));
        HttpResponse<String> page = page(partner, browser, partner.request("files.issueddocs"));

        HttpResponse<String> allowed = PartnerClient.answerWith(browser, page.body(), "scope", "files.issueddocs",
                "document", chosen, "decision", "allow");

        assertThat(PartnerClient.redirectParameters(allowed)).containsKey("code");
        var consent = consents.of(resident.id()).get(0);
        assertThat(consent.allIssued()).isFalse();
        assertThat(consent.documents()).containsExactly(chosen);
    }

    @Test
    void aHindiPageNamesTheIssuerInHindiAndFallsBackToEnglish() throws Exception {
        PartnerClient partner = flows.partner();
        var resident = flows.resident();
        String boardHi = "केंद्रीय माध्यमिक शिक्षा बोर्ड";
        TestIssuer hindi = new TestIssuer("in.gov.consenthi" + System.nanoTime() % 1_000_000,
                TestIssuerKeys.generate("Board"));
        hindi.registerAndApprove(flows.http(), hindi.registrationJson("HSCER").replace("\"category\":\"state\"",
                "\"category\":\"state\",\"nameHi\":\"" + boardHi + "\""), RequesterTestContext.TOKEN);
        TestIssuer english = new TestIssuer("in.gov.consenten" + System.nanoTime() % 1_000_000,
                TestIssuerKeys.generate("Board"));
        english.registerAndApprove(flows.http(), english.registrationJson("HSCER"), RequesterTestContext.TOKEN);
        String fromHindi = hindi.publish(flows.http(), "<DigiLockerId>" + resident.lockerId() + "</DigiLockerId>",
                "HSCER", "A" + System.nanoTime() % 1_000_000, "234567890124", "Asha Verma");
        String fromEnglish = english.publish(flows.http(), "<DigiLockerId>" + resident.lockerId()
                + "</DigiLockerId>", "HSCER", "B" + System.nanoTime() % 1_000_000, "234567890124", "Asha Verma");
        WebClient browser = flows.signedIn(resident);
        browser.get("/dashboard?lang=hi");
        await().untilAsserted(() -> assertThat(page(partner, browser, partner.request("files.issueddocs")).body())
                .contains("value=\"" + fromHindi + "\"", "value=\"" + fromEnglish + "\""));

        String page = page(partner, browser, partner.request("files.issueddocs")).body();

        assertThat(page).contains(boardHi).doesNotContain("Board of " + hindi.issuerId)
                .as("no Hindi name given: the English one").contains("Board of " + english.issuerId);
        browser.get("/dashboard?lang=en");
        assertThat(page(partner, browser, partner.request("files.issueddocs")).body())
                .contains("Board of " + hindi.issuerId).doesNotContain(boardHi);
    }
}
