package parley.browser;

import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import parley.support.NodePackages;

/**
 * axe-core (npm, pinned in src/test/node/package-lock.json) run inside a page: the accessibility rules of
 * WCAG 2.x A and AA and axe's best practices, all of them, as the page is shown at that moment (colour
 * contrast is measured on what is rendered, so each colour scheme is checked on its own).
 */
final class Axe {
    private static String source;

    private Axe() {}

    /** axe.min.js as npm installed it. */
    private static synchronized String source() {
        if (source == null) {
            try {
                source = Files.readString(NodePackages.module("axe-core", "axe.min.js"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return source;
    }

    /**
     * Each violation axe finds on the page, one readable line per element: the rule, its impact, what it asks
     * for, where (a CSS selector) and why that element fails. Empty when there is none.
     */
    static List<String> violations(Page page) {
        if (!(Boolean) page.evaluate("() => typeof window.axe === 'object'")) {
            // Not page.addScriptTag: it adds an inline <script>, which the page's Content-Security-Policy refuses
            // (and BrowserTest would rightly count that as a fault). Evaluated through the DevTools protocol, which
            // the policy does not govern, axe runs under the page's real policy, with every other script checked.
            page.evaluate(source());
        }
        Object found = page.evaluate("""
                async () => {
                  const results = await axe.run(document, { resultTypes: ["violations"] });
                  return results.violations.flatMap(v => v.nodes.map(n =>
                    `${v.id} (${v.impact}): ${v.help}\\n    at ${n.target.join(" ")}\\n    ${(n.failureSummary || "").replace(/\\n/g, "\\n    ")}`));
                }
                """);
        return ((List<?>) found).stream().map(String::valueOf).toList();
    }
}
