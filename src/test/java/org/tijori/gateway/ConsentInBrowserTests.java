package org.tijori.gateway;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tijori.Chromium;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.gateway.consent.Consent;
import org.tijori.gateway.token.Authorizations;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consent page in a real browser (ADR 23): a resident signs in on the way, chooses by label, and the answer
 * reaches the requester's callback, which Chromium allows only because the page's {@code form-action} names the
 * callback's origin; a denial goes back too; the page fits a phone and speaks Hindi.
 */
@RequesterTestContext
class ConsentInBrowserTests {

    private static Chromium chromium;

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    Consents consents;

    @Autowired
    Authorizations authorizations;

    BrowserContext context;

    Page page;

    FlowFixture flows;

    @BeforeAll
    static void launchChromium() {
        chromium = Chromium.launchOrSkip();
    }

    @AfterAll
    static void closeChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void openPage() {
        flows = new FlowFixture(port, accounts, consents, authorizations);
        context = chromium.browser().newContext(new Browser.NewContextOptions()
                .setBaseURL("http://localhost:" + port).setLocale("en-GB").setViewportSize(1280, 800));
        page = context.newPage();
    }

    @AfterEach
    void closePage() {
        context.close();
    }

    /** The requester's callback, answered by the test: whatever reaches it is kept. */
    AtomicReference<String> callback(PartnerClient partner) {
        AtomicReference<String> reached = new AtomicReference<>();
        context.route(partner.redirectUri() + "**", route -> {
            reached.set(route.request().url());
            route.fulfill(new com.microsoft.playwright.Route.FulfillOptions().setStatus(200)
                    .setContentType("text/html").setBody("<p>the bank</p>"));
        });
        return reached;
    }

    void signInOnTheWay(PartnerClient partner, ResidentAccount resident, Map<String, String> request) {
        page.navigate(PartnerClient.authorizeUrl(request));
        page.waitForURL(url -> url.contains("/login"));
        page.locator("#username").fill(resident.username());
        page.locator("#password").fill(GrantedAccess.PASSWORD);
        page.locator("#password").press("Enter");
        page.waitForURL(url -> url.contains("/consent?"));
    }

    @Test
    void aResidentChoosesAMonthAndAllowsAndTheRequestersCallbackGetsTheCode() throws Exception {
        PartnerClient partner = flows.partner();
        ResidentAccount resident = flows.resident();
        AtomicReference<String> reached = callback(partner);
        signInOnTheWay(partner, resident, partner.request("files.issueddocs"));

        page.getByLabel("A month").check();
        page.getByLabel("Your issued documents").uncheck();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Allow")).click();
        page.waitForURL(url -> url.startsWith(partner.redirectUri()));

        assertThat(reached.get()).contains("code=").contains("state=" + partner.state);
        Consent consent = consents.of(resident.id()).get(0);
        assertThat(consent.duration()).isEqualTo(ConsentDuration.MONTH);
        assertThat(consent.scopes()).contains("userdetails").doesNotContain("files.issueddocs");
    }

    @Test
    void aDenialReachesTheCallbackAsAccessDenied() throws Exception {
        PartnerClient partner = flows.partner();
        ResidentAccount resident = flows.resident();
        AtomicReference<String> reached = callback(partner);
        signInOnTheWay(partner, resident, partner.request(null));

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Deny")).click();
        page.waitForURL(url -> url.startsWith(partner.redirectUri()));

        assertThat(reached.get()).contains("error=access_denied").doesNotContain("code=");
        assertThat(consents.of(resident.id())).isEmpty();
    }

    @Test
    void thePageFitsAPhoneAndSpeaksHindi() throws Exception {
        PartnerClient partner = flows.partner();
        ResidentAccount resident = flows.resident();
        page.setViewportSize(360, 740);
        signInOnTheWay(partner, resident, partner.request("files.issueddocs files.uploadeddocs eaadhaar"));

        assertThat((Integer) page.evaluate("document.documentElement.scrollWidth")).isLessThanOrEqualTo(360);
        page.navigate(page.url() + "&lang=hi");
        assertThat(page.locator("#consent-heading").innerText()).contains("आपके लॉकर तक पहुँचना चाहता है");
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("अनुमति दें")).isVisible())
                .isTrue();
    }
}
