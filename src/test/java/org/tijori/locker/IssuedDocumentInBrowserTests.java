package org.tijori.locker;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tijori.BrowserSteps;
import org.tijori.Chromium;
import org.tijori.account.ResidentAccounts;
import org.tijori.issuer.TestIssuer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An issued marksheet on a phone (390 by 844 CSS pixels) in Chromium: the card of its fields is the first thing
 * under the heading and starts in the top half of the screen, its subjects are a table named by its caption, nothing makes
 * the page scroll sideways, in English and Hindi; the PDF and the picture are right under the card; and the issued
 * list's filter row fits the phone, with the resident's doc types to choose from.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.admin.bootstrap-token=" + IssuedDocumentCardTests.TOKEN, "tijori.issuer.registrations-per-address=1000" })
class IssuedDocumentInBrowserTests {

    private static Chromium chromium;

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

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
    void aMarksheetReadsAsTextFirstOnAPhone() throws Exception {
        var deliveries = new MarksheetDeliveries(port, accounts, IssuedDocumentCardTests.TOKEN);
        TestIssuer issuer = deliveries.approvedIssuer("HSCER");
        MarksheetDeliveries.Resident asha = deliveries.newResident();
        String uri = deliveries.deliver(issuer, asha.account(), "PHONE" + System.nanoTime() % 1_000_000);
        List<String> problems = new CopyOnWriteArrayList<>();

        try (BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions()
                .setBaseURL("http://localhost:" + port).setLocale("en-GB").setViewportSize(390, 844)
                .setIsMobile(true).setHasTouch(true).setDeviceScaleFactor(3))) {
            context.setDefaultTimeout(15_000);
            Page page = context.newPage();
            page.onConsoleMessage(message -> {
                if (message.type().equals("error")) {
                    problems.add(BrowserSteps.path(page.url()) + ": " + message.text());
                }
            });
            BrowserSteps.signIn(page, asha.account().username(), MarksheetDeliveries.PASSWORD);

            for (String language : List.of("en", "hi")) {
                page.navigate("/locker/issued/" + uri + "?lang=" + language);
                assertThat(page.evaluate("document.documentElement.lang")).isEqualTo(language);
                assertThat(page.evaluate("document.getElementById('document-name').nextElementSibling.id"))
                        .as("what follows the heading").isEqualTo("document-card");
                Locator card = page.locator("#document-card");
                assertThat(((Number) card.evaluate("e => e.getBoundingClientRect().top")).doubleValue())
                        .as("the card starts in the top half of the screen, under the one-row header")
                        .isLessThan(844 / 2.0);
                String subjects = language.equals("en") ? "Subjects" : "विषय";
                Locator table = card.getByRole(AriaRole.TABLE, new Locator.GetByRoleOptions().setName(subjects));
                assertThat(table.getByRole(AriaRole.COLUMNHEADER).allInnerTexts()).hasSize(6)
                        .contains(language.equals("en") ? "Theory marks" : "सैद्धांतिक अंक");
                assertThat(table.getByRole(AriaRole.ROWHEADER).allInnerTexts())
                        .containsExactly("ECONOMICS", "ENGLISH CORE");
                assertThat(card.locator("dd").allInnerTexts()).contains("Asha Verma", "14-03-1996");
                assertThat(((Number) card.locator("dd").first().evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
                        .doubleValue()).as("text a person reads without zooming").isGreaterThanOrEqualTo(15);
                assertThat((Boolean) page.evaluate("document.body.scrollWidth <= innerWidth"))
                        .as("the body is no wider than the screen").isTrue();
                BrowserSteps.assertFitsTheWidth(page);
                assertThat(page.evaluate("document.getElementById('document-card').nextElementSibling.id"))
                        .as("the PDF and the picture right under the card").isEqualTo("document-actions");
            }

            page.locator("#see-preview").click();
            page.waitForURL(url -> url.endsWith("#preview"));
            assertThat(page.locator("#preview img.document-preview").count()).isEqualTo(1);

            page.navigate("/locker/issued?lang=en");
            Locator filter = page.locator("#issued-filter");
            assertThat(filter.locator("#type option").allInnerTexts()).containsExactly("Any type",
                    "Class XII Marksheet");
            // Labels above their controls: each label's bottom at or above its control's top.
            for (String id : List.of("q", "issuer", "type")) {
                double labelBottom = ((Number) filter.locator("label[for=" + id + "]")
                        .evaluate("e => e.getBoundingClientRect().bottom")).doubleValue();
                double controlTop = ((Number) filter.locator("#" + id)
                        .evaluate("e => e.getBoundingClientRect().top")).doubleValue();
                assertThat(labelBottom).as("label of #%s above it", id).isLessThanOrEqualTo(controlTop + 0.5);
            }
            BrowserSteps.assertFitsTheWidth(page);
            filter.locator("#type").selectOption("HSCER");
            filter.locator("button[type=submit]").click();
            page.waitForURL(url -> url.contains("type=HSCER"));
            assertThat(page.locator("#issued-table tbody tr").count()).isEqualTo(1);
        }
        assertThat(problems).as("console errors").isEmpty();
    }
}
