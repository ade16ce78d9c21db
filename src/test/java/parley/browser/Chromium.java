package parley.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Launches headless Chromium for the browser tests: Debian's /usr/bin/chromium where it is installed
 * (Playwright cannot download browsers on these machines), else the browser Playwright manages itself.
 */
final class Chromium {
    private static final Path DEBIAN_CHROMIUM = Path.of("/usr/bin/chromium");

    private Chromium() {}

    static Playwright playwright() {
        if (Files.isExecutable(DEBIAN_CHROMIUM)) {
            return Playwright.create(new Playwright.CreateOptions()
                    .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        }
        return Playwright.create();
    }

    static Browser launch(Playwright playwright) {
        BrowserType.LaunchOptions options = new BrowserType.LaunchOptions()
                .setHeadless(true)
                // No background traffic: this machine's network is closed and refuses it noisily.
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync"));
        if (Files.isExecutable(DEBIAN_CHROMIUM)) {
            options.setExecutablePath(DEBIAN_CHROMIUM);
        }
        return playwright.chromium().launch(options);
    }
}
