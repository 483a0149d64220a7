package org.tijori;

import java.net.URI;

import java.util.Map;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.TimeoutError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Steps that browser tests take alike: signing in through the page, moving with the keyboard, and checking that a
 * page fits the screen.
 */
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

    /**
     * Presses Tab until the focused element matches {@code selector}, and checks on the way that every element that
     * takes focus shows it and is on the screen.
     */
    public static void tabTo(Page page, String selector) {
        for (int presses = 0; presses < 60; presses++) {
            page.keyboard().press("Tab");
            assertFocusIsVisible(page);
            if ((Boolean) page.evaluate("s => document.activeElement.matches(s)", selector)) {
                return;
            }
        }
        fail("Tab never reached " + selector + " on " + page.url());
    }

    private static void assertFocusIsVisible(Page page) {
        try {
            page.waitForFunction("""
                    () => {
                      const box = document.activeElement.getBoundingClientRect();
                      return box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight
                          && box.right > 0 && box.left < innerWidth;
                    }""", null, new Page.WaitForFunctionOptions().setTimeout(10_000));
        }
        catch (TimeoutError e) {
            // The assertion below says which element stayed out of sight.
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> focus = (Map<String, Object>) page.evaluate("""
                () => {
                  const e = document.activeElement;
                  const s = getComputedStyle(e);
                  const box = e.getBoundingClientRect();
                  return {
                    element: e.outerHTML.slice(0, 160),
                    ring: e.matches(':focus-visible')
                        && ((s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none'),
                    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight
                        && box.right > 0 && box.left < innerWidth
                  };
                }""");
        assertThat(focus).as("focus on %s", focus.get("element")).containsEntry("ring", true)
                .containsEntry("onScreen", true);
    }
}
