package parley.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.support.TestServer;

/** Messages as people read them: Markdown shown right, hostile Markdown inert, days and runs of one author. */
class MarkdownInTheBrowserTest extends BrowserTest {
    static final String MESSAGE = """
            > a quote

            see [the docs](https://example.com/docs) or [this](javascript:alert(1))
            ```
            for (int i = 0; i < 10; i++) { System.out.println("a very long line of code that must not wrap at all"); }
            ```
            <img src=x onerror=alert(1)>""";

    @BeforeEach
    void startServer() {
        server = TestServer.start("--limits", "off");
    }

    @Test
    void markdownIsShownRightAndHostileMarkdownIsInert() {
        Page alice = person("alice", "md");
        Page phone = person("phone", "md", new Browser.NewContextOptions().setViewportSize(390, 844));
        send(alice, MESSAGE);
        String longWord = "x".repeat(300) + " https://example.com/" + "y".repeat(300);
        send(alice, longWord);

        for (Page page : List.of(alice, phone)) {
            Locator text = page.locator("#messages .message .text").first();
            assertThat(text.locator("blockquote")).hasText("a quote");
            assertThat(text.locator("a")).hasCount(1);
            assertThat(text.locator("a")).hasAttribute("href", "https://example.com/docs");
            assertThat(text.locator("a")).hasAttribute("rel", "noopener noreferrer nofollow ugc");
            assertThat(text).containsText("or this"); // the javascript: link is its text only
            Locator code = text.locator("pre code");
            assertThat(code).hasText("for (int i = 0; i < 10; i++) { System.out.println(\"a very long line of code that must not wrap at all\"); }\n");
            assertThat(code).hasCSS("font-family", java.util.regex.Pattern.compile(".*monospace.*"));
            assertThat(text.locator("pre")).hasCSS("white-space", "pre");
            assertThat(text).containsText("<img src=x onerror=alert(1)>");
            assertThat(page.locator("#messages img, #messages script")).hasCount(0);
            assertThat(page.locator("#messages .message .text").nth(1)).hasText(longWord);
        }
        // At phone width the code block scrolls inside itself, and nothing else scrolls sideways.
        Locator pre = phone.locator("#messages pre");
        assertThat((Boolean) pre.evaluate("e => e.scrollWidth > e.clientWidth")).as("the code line is wider than the block").isTrue();
        assertThat(pre.evaluate("e => getComputedStyle(e).overflowX")).isEqualTo("auto");
        Object overflow = phone.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
        assertThat(((Number) overflow).intValue()).as("the page scrolls sideways by").isLessThanOrEqualTo(0);
        Object messagesOverflow = phone.locator("#messages").evaluate("e => e.scrollWidth - e.clientWidth");
        assertThat(((Number) messagesOverflow).intValue()).as("the message list scrolls sideways by").isLessThanOrEqualTo(0);
        phone.screenshot(new Page.ScreenshotOptions().setPath(screenshot("markdown-phone.png")).setFullPage(true));
    }

    /**
     * One name for a run of messages by one author; a day separator in the reader's own days: "Today", and the
     * same messages read a day later say "Yesterday". Without script the page says its days are UTC.
     */
    @Test
    @SuppressWarnings("unchecked")
    void daySeparatorsAndRunsOfOneAuthor() {
        Page alice = person("alice", "days");
        Page bob = person("bob", "days");
        send(alice, "first");
        send(alice, "second, a minute later at most");
        send(bob, "a reply");
        send(alice, "and me again");

        for (Page page : List.of(alice, bob)) {
            assertThat(page.locator("#messages .message .text"))
                    .hasText(new String[] {"first", "second, a minute later at most", "a reply", "and me again"});
            assertThat(page.locator("#messages > li.day")).hasText(new String[] {"Today"});
            // an item of the message list, as a screen reader walks it
            assertThat(page.getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Messages"))
                    .getByRole(AriaRole.LISTITEM).filter(new Locator.FilterOptions().setHasText("Today"))).hasCount(1);
            List<Object> grouped = (List<Object>) page.locator("#messages .message")
                    .evaluateAll("els => els.map(e => e.classList.contains('grouped'))");
            assertThat(grouped).containsExactly((Object) false, true, false, false);
            assertThat(page.locator("#messages .message .author")).hasText(new String[] {"alice", "alice", "bob", "alice"});
            double hiddenWidth = page.locator("#messages .message .author").nth(1).boundingBox().width;
            assertThat(hiddenWidth).as("the grouped message's name is visually hidden").isLessThanOrEqualTo(1);
        }

        Page tomorrow = newPage("tomorrow", new Browser.NewContextOptions());
        tomorrow.clock().setFixedTime(Instant.now().plus(1, ChronoUnit.DAYS).toEpochMilli());
        tomorrow.navigate(server.url("/rooms/days"));
        signUp(tomorrow, "carol");
        assertThat(tomorrow.locator("#messages > li.day")).hasText(new String[] {"Yesterday"});

        Page noScript = newPage("no script", new Browser.NewContextOptions().setJavaScriptEnabled(false));
        noScript.navigate(server.url("/rooms/days"));
        signUp(noScript, "dave");
        assertThat(noScript.locator("#messages > li.day")).hasText(new String[] {
                java.time.format.DateTimeFormatter.ofPattern("d MMM yyyy '(UTC)'", java.util.Locale.ENGLISH)
                        .withZone(java.time.ZoneOffset.UTC).format(Instant.now())});
        assertThat(noScript.locator("#messages .message")).hasCount(4);
    }
}
