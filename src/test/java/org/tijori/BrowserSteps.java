package org.tijori;

import java.net.URI;

import com.microsoft.playwright.Page;

import static org.assertj.core.api.Assertions.assertThat;

/** Steps that browser tests take alike: signing in through the page, and checking that a page fits the screen. */
public final class BrowserSteps {

    private BrowserSteps() {
    }

    /** Signs in with a password on the sign-in page, as a person types it, and waits to leave that page. */
    public static void signIn(Page page, String username, String password) {
        page.navigate("/login");
        page.locator("#username").fill(username);
        page.locator("#password").fill(password);
        page.locator("#password").press("Enter");
        page.waitForURL(url -> !path(url).startsWith("/login"));
    }

    /**
     * Checks that nothing makes the page wider than the window, so it never scrolls sideways (a table may scroll
     * inside its own {@code .table-scroll} region); names the first elements that stick out.
     */
    public static void assertFitsTheWidth(Page page) {
        int width = ((Number) page.evaluate("innerWidth")).intValue();
        Object overflowing = page.evaluate("""
                () => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)
                    .filter(e => !e.closest('.table-scroll') && !e.matches('.skip-link'))
                    .slice(0, 5).map(e => e.outerHTML.slice(0, 160))""");
        assertThat(((Number) page.evaluate("document.scrollingElement.scrollWidth")).intValue())
                .as("width of %s on a %dpx screen; wider elements: %s", path(page.url()), width, overflowing)
                .isLessThanOrEqualTo(width);
    }

    public static String path(String url) {
        return URI.create(url).getPath();
    }
}
