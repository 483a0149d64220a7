package org.tijori;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The system's Chromium, driven by Playwright, for the browser tests. Launch it from a static
 * {@code @BeforeAll}: on a machine without Chromium the assumption then skips the whole class before
 * its application starts, with a message that says what to install.
 */
public final class Chromium implements AutoCloseable {

    /** Where Debian's {@code chromium} package puts the browser; {@code .ci/run} installs it. */
    public static final Path EXECUTABLE = Path.of("/usr/bin/chromium");

    private final Playwright playwright;

    private final Browser browser;

    private Chromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    /**
     * Starts a headless Chromium, or skips the calling tests (a JUnit assumption) when none is installed.
     */
    public static Chromium launchOrSkip() {
        return launchOrSkip(List.of());
    }

    /**
     * As {@link #launchOrSkip()}, with more command-line switches (a fake camera, say).
     */
    public static Chromium launchOrSkip(List<String> moreArgs) {
        assumeTrue(Files.isExecutable(EXECUTABLE),
                "Chromium not installed at " + EXECUTABLE + ": apt-get install chromium fonts-noto-core");
        // Also set by the build (surefire); repeated here so that a run from an IDE never downloads browsers.
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(EXECUTABLE)
                    .setHeadless(true)
                    .setArgs(Stream.concat(Stream.of("--no-sandbox", "--disable-gpu", "--disable-quic",
                            "--no-first-run", "--disable-background-networking", "--disable-component-update",
                            "--disable-sync"), moreArgs.stream()).toList()));
            return new Chromium(playwright, browser);
        }
        catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    public Browser browser() {
        return browser;
    }

    @Override
    public void close() {
        playwright.close();
    }
}
