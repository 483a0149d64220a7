package org.tijori.notification;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ReducedMotion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import org.springframework.context.MessageSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A resident's notices in Chromium, as a person reads them: three documents arrive, the dashboard's panel and the
 * notifications page list them unread at desktop and phone width in English and Hindi, the resident marks them read
 * with the keyboard only and the unread count drops, a later arrival counts again, and the notification settings,
 * changed with the keyboard, stay changed in either language; no console error or refused request on any page.
 * One browser and one page serve the whole journey.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.admin.bootstrap-token=" + NotificationsInBrowserTests.TOKEN,
        "tijori.issuer.registrations-per-address=1000" })
class NotificationsInBrowserTests {

    static final String TOKEN = "notification-browser-tests-token-0123456789";

    static final String PASSWORD = "a long and unusual phrase";

    static final Locale HINDI = Locale.forLanguageTag("hi");

    private static Chromium chromium;

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    ResidentNotices notices;

    @Autowired
    MessageSource messages;

    private final List<String> problems = new CopyOnWriteArrayList<>();

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
    void aResidentReadsTheirNoticesMarksThemReadByKeyboardAndKeepsTheirSettings() throws Exception {
        String username = "notices" + System.nanoTime() % 1_000_000;
        ResidentAccount resident = accounts.signUp(new MobileNumber(String.valueOf(6_400_000_000L
                + System.nanoTime() % 100_000_000L)), username, PASSWORD);
        TestIssuer issuer = new TestIssuer("in.gov.notices" + System.nanoTime() % 1_000_000,
                TestIssuerKeys.generate("Board"));
        issuer.registerAndApprove(new WebClient(port), issuer.registrationJson("HSCER"), TOKEN);
        for (int n = 0; n < 3; n++) {
            deliver(issuer, resident);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> notices.unreadCount(resident.id()) == 3);

        try (BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions()
                .setBaseURL("http://localhost:" + port).setLocale("en-GB").setViewportSize(1280, 800)
                .setReducedMotion(ReducedMotion.REDUCE))) {
            context.setDefaultTimeout(15_000);
            Page page = context.newPage();
            watch(page);
            BrowserSteps.signIn(page, username, PASSWORD);

            for (Locale language : List.of(Locale.ENGLISH, HINDI)) {
                for (int width : List.of(1280, 360)) {
                    page.setViewportSize(width, width == 360 ? 740 : 800);
                    readsThreeUnreadNotices(page, language);
                }
            }
            page.setViewportSize(1280, 800);

            marksThemReadWithTheKeyboard(page);
            deliver(issuer, resident);
            await().atMost(Duration.ofSeconds(20)).until(() -> notices.unreadCount(resident.id()) == 1);
            page.navigate("/dashboard?lang=en");
            assertThat(page.locator("#unread-count").innerText()).as("a later arrival counts again")
                    .isEqualTo(message("notification.unread", Locale.ENGLISH, 1));

            changesTheSettingsWithTheKeyboard(page, notices.preferences(resident.id()));
        }
        NoticePreferences kept = notices.preferences(resident.id());
        assertThat(kept.arrivals()).isFalse();
        assertThat(kept.byEmail()).isTrue();
        assertThat(problems).as("console errors, CSP violations and failed requests").isEmpty();
    }

    /** The dashboard's panel and the notifications page, in {@code language} at the page's width. */
    private void readsThreeUnreadNotices(Page page, Locale language) {
        String arrived = message("notification.notice.ARRIVED", language, "Class XII Marksheet", "");
        page.navigate("/dashboard?lang=" + language.getLanguage());
        assertThat(page.evaluate("document.documentElement.lang")).isEqualTo(language.getLanguage());
        assertThat(page.locator("#unread-count").innerText()).isEqualTo(message("notification.unread", language, 3));
        assertThat(page.locator("#recent-notifications .notice--unread").count()).isEqualTo(3);
        assertThat(page.locator("#recent-notifications .notice a").first().innerText()).isEqualTo(arrived);
        assertThat(page.locator("#notifications").innerText()).contains(message("notification.new", language));
        BrowserSteps.assertFitsTheWidth(page);

        page.navigate("/dashboard/notifications");
        assertThat(page.locator("h1").innerText()).isEqualTo(message("notification.title", language));
        assertThat(page.locator("#unread-summary").innerText()).isEqualTo(message("notification.unread", language, 3));
        assertThat(page.locator("#notification-list .notice--unread").count()).isEqualTo(3);
        assertThat(page.locator("#notification-list .notice a").allInnerTexts()).containsOnly(arrived);
        assertThat(page.locator("#mark-all-read").innerText()).isEqualTo(message("notification.markAllRead", language));
        BrowserSteps.assertFitsTheWidth(page);
    }

    /** Only the keyboard, from the top of the notifications page: Tab to the button, Enter. */
    private void marksThemReadWithTheKeyboard(Page page) {
        page.navigate("/dashboard/notifications?lang=hi");
        BrowserSteps.tabTo(page, "#mark-all-read");
        page.keyboard().press("Enter");
        page.waitForURL(url -> url.contains("read"));
        assertThat(page.locator("main [role=status]").innerText()).isEqualTo(message("notification.allRead", HINDI));
        assertThat(page.locator("#unread-summary").innerText()).isEqualTo(message("notification.unread", HINDI, 0));
        assertThat(page.locator("#notification-list .notice").count()).isEqualTo(3);
        assertThat(page.locator("#notification-list .notice--unread").count()).isZero();
        assertThat(page.locator("#mark-all-read").count()).as("nothing left to mark").isZero();

        page.navigate("/dashboard");
        assertThat(page.locator("#unread-count").count()).as("no unread badge").isZero();
        assertThat(page.locator("#recent-notifications .notice--unread").count()).isZero();
    }

    /**
     * Only the keyboard, from the dashboard: the settings link, a switch off and the e-mail copy on, Save; the saved
     * page, a fresh load and the Hindi page show the same.
     */
    private void changesTheSettingsWithTheKeyboard(Page page, NoticePreferences before) {
        assertThat(before.arrivals()).as("text messages for arrivals are on at first").isTrue();
        BrowserSteps.tabTo(page, "#notification-settings");
        page.keyboard().press("Enter");
        page.waitForURL(url -> path(url).equals("/dashboard/notifications/settings"));
        BrowserSteps.tabTo(page, "#arrivals");
        page.keyboard().press("Space");
        if (!before.byEmail()) {
            BrowserSteps.tabTo(page, "#byEmail");
            page.keyboard().press("Space");
        }
        BrowserSteps.tabTo(page, "#notification-settings button[type=submit]");
        page.keyboard().press("Enter");
        page.waitForURL(url -> url.contains("saved"));
        assertThat(page.locator("#settings-saved").innerText())
                .isEqualTo(message("notification.settings.saved", Locale.ENGLISH));
        assertSettings(page, before);

        page.navigate("/dashboard/notifications/settings");
        assertSettings(page, before);
        page.setViewportSize(360, 740);
        page.navigate("/dashboard/notifications/settings?lang=hi");
        assertThat(page.locator("h1").innerText()).isEqualTo(message("notification.settings.title", HINDI));
        assertSettings(page, before);
        BrowserSteps.assertFitsTheWidth(page);
        page.navigate("/dashboard/notifications/settings?lang=en");
    }

    private static void assertSettings(Page page, NoticePreferences before) {
        assertThat(page.locator("#arrivals").isChecked()).as("arrivals").isFalse();
        assertThat(page.locator("#withdrawals").isChecked()).as("withdrawals").isEqualTo(before.withdrawals());
        assertThat(page.locator("#reminders").isChecked()).as("reminders").isEqualTo(before.reminders());
        assertThat(page.locator("#byEmail").isChecked()).as("e-mail").isTrue();
    }

    private void deliver(TestIssuer issuer, ResidentAccount resident) throws Exception {
        issuer.publish(new WebClient(port), "<DigiLockerId>" + resident.lockerId() + "</DigiLockerId>", "HSCER",
                "N" + System.nanoTime() % 1_000_000_000L, "234567890124", "Asha Verma");
    }

    private void watch(Page page) {
        page.context().addInitScript("document.addEventListener('securitypolicyviolation', e => console.error("
                + "'CSP violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI));");
        page.onConsoleMessage(message -> {
            if (message.type().equals("error") || message.type().equals("warning")) {
                problems.add(message.type() + " on " + path(page.url()) + ": " + message.text());
            }
        });
        page.onPageError(error -> problems.add("script error on " + path(page.url()) + ": " + error));
        page.onResponse(response -> {
            if (response.status() >= 400) {
                problems.add(response.status() + " for " + response.request().method() + " " + path(response.url()));
            }
        });
    }

    private String message(String key, Locale locale, Object... arguments) {
        return messages.getMessage(key, arguments, locale);
    }

    private static String path(String url) {
        return URI.create(url).getPath();
    }
}
