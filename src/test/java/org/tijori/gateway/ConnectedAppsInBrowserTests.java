package org.tijori.gateway;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tijori.BrowserSteps;
import org.tijori.Chromium;
import org.tijori.WebClient;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.gateway.GrantedAccess.Access;
import org.tijori.gateway.token.Authorizations;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connected-apps journey in Chromium on a phone-sized screen, by keyboard: from the account page to the apps,
 * revoking one app, which the requester's next call then finds refused; in English and in Hindi, nothing wider
 * than the screen.
 */
@RequesterTestContext
class ConnectedAppsInBrowserTests {

    private static Chromium chromium;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    Consents consents;

    @Autowired
    Authorizations authorizations;

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

    @Test
    void aResidentOnAPhoneRevokesAnAppByKeyboardAndItsNextCallIsRefused() throws Exception {
        var granted = new GrantedAccess(accounts, consents, authorizations);
        ResidentAccount resident = granted.newResident();
        StoredTokens.Requester bank = new StoredTokens(jdbc).approvedRequester();
        jdbc.sql("update gateway_requester set name = 'Home loan application', organisation = 'Example Bank Ltd' "
                + "where id = ?").param(bank.id()).update();
        Access access = granted.grant(resident, bank.id(), bank.clientId(), "userdetails", "files.issueddocs");
        List<String> problems = new ArrayList<>();

        try (BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions()
                .setBaseURL("http://localhost:" + port).setLocale("en-GB").setViewportSize(360, 740))) {
            context.setDefaultTimeout(15_000);
            Page page = context.newPage();
            page.onConsoleMessage(message -> {
                if (message.type().equals("error")) {
                    problems.add(message.text());
                }
            });
            BrowserSteps.signIn(page, resident.username(), GrantedAccess.PASSWORD);

            page.navigate("/profile");
            page.locator("#apps-link").focus();
            page.keyboard().press("Enter");
            page.waitForURL(url -> path(url).equals("/profile/apps"));
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Home loan application"))
                    .isVisible()).isTrue();
            assertThat(page.locator("main").innerText()).contains("Example Bank Ltd", "Your issued documents",
                    "Every issued document, also those issued later");
            fitsTheScreen(page);

            var revoke = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions()
                    .setName("Revoke the access of Home loan application"));
            revoke.focus();
            page.keyboard().press("Enter");
            page.waitForURL(url -> url.contains("revoked"));
            assertThat(page.getByRole(AriaRole.STATUS).innerText())
                    .contains("The app can no longer reach your locker.");
            assertThat(page.locator("#past-title").isVisible()).isTrue();
            assertThat(page.locator("main").innerText()).contains("Revoked by you on");

            page.navigate("/profile/apps?lang=hi");
            assertThat(page.evaluate("document.documentElement.lang")).isEqualTo("hi");
            assertThat(page.locator("h1").innerText()).isEqualTo("आपके लॉकर तक पहुँच वाले ऐप");
            fitsTheScreen(page);
        }

        assertThat(new WebClient(port).get("/public/oauth2/1/user", access.bearer()).statusCode())
                .as("the requester's next call").isEqualTo(401);
        assertThat(problems).as("console errors").isEmpty();
    }

    private static void fitsTheScreen(Page page) {
        BrowserSteps.assertFitsTheWidth(page);
    }

    private static String path(String url) {
        return URI.create(url).getPath();
    }
}
