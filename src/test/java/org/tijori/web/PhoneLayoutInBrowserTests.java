package org.tijori.web;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tijori.BrowserSteps;
import org.tijori.Chromium;
import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.issuer.TestIssuer;
import org.tijori.signing.TestIssuerKeys;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape of the pages on a 390 by 844 phone, in English and Hindi: a header of one row above a
 * navigation of one row, the dashboard's four figures two by two, and the issuer portal's publications
 * read as stacked rows instead of a table many screens wide or tall.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.admin.bootstrap-token=" + PhoneLayoutInBrowserTests.TOKEN,
        "tijori.issuer.registrations-per-address=1000" })
class PhoneLayoutInBrowserTests {

    static final String TOKEN = "phone-layout-tests-bootstrap-token-0123";

    static final String PASSWORD = "a long and unusual phrase";

    /** A person of the demo ID registry whom no test links to a locker: her documents stay parked. */
    static final String GURPREET = "999909139094";

    static final int WIDTH = 390;

    static final int HEIGHT = 844;

    static final AtomicInteger people = new AtomicInteger();

    private static Chromium chromium;

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    private BrowserContext context;

    private Page page;

    private final List<String> problems = new ArrayList<>();

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
    void openPhone() {
        context = chromium.browser().newContext(new Browser.NewContextOptions()
                .setBaseURL("http://localhost:" + port)
                .setLocale("en-GB")
                .setViewportSize(WIDTH, HEIGHT));
        context.setDefaultTimeout(15_000);
        page = context.newPage();
        page.onConsoleMessage(message -> {
            if (message.type().equals("error")) {
                problems.add(message.text());
            }
        });
        page.onPageError(error -> problems.add("script error: " + error));
    }

    @AfterEach
    void closePhone() {
        context.close();
    }

    @Test
    void aResidentsHeaderIsOneRowAboveOneRowOfNavigationAndTheFiguresStandTwoByTwo() {
        long n = System.nanoTime() % 10_000_000L * 10 + people.incrementAndGet() % 10;
        ResidentAccount resident = accounts.signUp(new MobileNumber("93" + String.format("%08d", n % 100_000_000L)),
                "phone" + n, PASSWORD);
        BrowserSteps.signIn(page, resident.username(), PASSWORD);
        assertThat(BrowserSteps.path(page.url())).isEqualTo("/dashboard");

        for (String language : List.of("hi", "en")) {
            for (String path : List.of("/dashboard", "/activity", "/profile")) {
                page.navigate(path + "?lang=" + language);
                String where = path + " in " + language;
                fitsTheWidth(where);
                Locator header = page.locator(".site-header");
                assertThat(header.boundingBox().height).as("header height on " + where).isLessThanOrEqualTo(120);
                BoundingBox brand = page.locator(".brand").boundingBox();
                BoundingBox signOut = page.locator(".account__signout button").boundingBox();
                assertThat(signOut.y).as("sign-out on the brand's row on " + where).isLessThan(brand.y + brand.height);
                assertThat(signOut.height).as("sign-out on one line on " + where).isLessThan(60);
                assertThat(signOut.x + signOut.width).as("sign-out within the screen").isLessThanOrEqualTo(WIDTH);
                // Every link of the navigation is reachable: the row scrolls within itself, not the page.
                Locator links = page.locator(".primary-nav__link");
                assertThat(links.count()).isEqualTo(7);
                Locator current = page.locator(".primary-nav__link[aria-current='page']");
                BoundingBox shown = current.boundingBox();
                assertThat(shown.x).as("current page's link in view on " + where).isGreaterThanOrEqualTo(0);
                // Within a pixel: the row scrolled to its end can leave a fraction of one beyond the edge.
                assertThat(shown.x + shown.width).as("current page's link in view on " + where)
                        .isLessThanOrEqualTo(WIDTH + 1);
            }

            page.navigate("/dashboard?lang=" + language);
            List<BoundingBox> figures = page.locator(".stat-grid > .stat").all().stream()
                    .map(Locator::boundingBox).toList();
            assertThat(figures).hasSize(4);
            assertThat(figures.get(1).y).as("second figure beside the first").isEqualTo(figures.get(0).y);
            assertThat(figures.get(3).y).as("fourth figure beside the third").isEqualTo(figures.get(2).y);
            assertThat(figures.get(2).y).as("third figure below the first")
                    .isGreaterThanOrEqualTo(figures.get(0).y + figures.get(0).height);
            assertThat(figures.get(2).x).as("third figure under the first").isEqualTo(figures.get(0).x);
            double bottom = figures.stream().mapToDouble(box -> box.y + box.height).max().orElseThrow();
            assertThat(bottom - figures.get(0).y).as("the figures take at most a third of the first screen")
                    .isLessThan(HEIGHT / 3.0);
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theIssuerPortalsPublicationsReflowOnAPhone() throws Exception {
        TestIssuer issuer = new TestIssuer("in.gov.phone" + people.incrementAndGet() + System.nanoTime() % 100_000,
                TestIssuerKeys.generate("Board of phones"));
        issuer.registerAndApprove(new WebClient(port), issuer.registrationJson("HSCER"), TOKEN);
        int published = 6;
        for (int i = 0; i < published; i++) {
            issuer.publish(new WebClient(port), "<Aadhaar>" + GURPREET + "</Aadhaar>", "HSCER",
                    "PHONE" + System.nanoTime() % 1_000_000_000L, GURPREET, "Gurpreet Kaur");
        }

        page.navigate("/issuer/login");
        page.locator("#clientId").fill(issuer.clientId);
        page.locator("#clientSecret").fill(issuer.clientSecret);
        page.locator("#clientSecret").press("Enter");
        page.waitForURL(url -> url.endsWith("/issuer") || url.contains("/issuer?"));

        for (String language : List.of("en", "hi")) {
            page.navigate("/issuer?lang=" + language);
            fitsTheWidth("/issuer in " + language);
            Locator table = page.locator("#publications");
            assertThat(table.locator("tbody tr").count()).isEqualTo(published);
            assertThat((Integer) table.evaluate("t => t.parentElement.scrollWidth - t.parentElement.clientWidth"))
                    .as("publications scrolled sideways in " + language).isLessThanOrEqualTo(0);
            BoundingBox box = table.boundingBox();
            assertThat(box.x + box.width).isLessThanOrEqualTo(WIDTH);
            assertThat(box.height / published).as("height of a publication in " + language).isLessThan(400);
            // Each cell names its column, since the column headings are out of sight.
            assertThat(table.locator("tbody td").first().getAttribute("data-label")).isNotBlank();
        }
        assertThat(problems).isEmpty();
    }

    private void fitsTheWidth(String where) {
        assertThat((Integer) page.evaluate("document.documentElement.scrollWidth")).as("page width of " + where)
                .isLessThanOrEqualTo(WIDTH);
    }
}
