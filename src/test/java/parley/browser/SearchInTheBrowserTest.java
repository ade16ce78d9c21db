package parley.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.TestServer;

/** Searching from the header's box in Chromium, and following a result to its message (issue 16). */
class SearchInTheBrowserTest extends BrowserTest {
    Client poster;
    long harvest;

    @BeforeEach
    void startServer() {
        server = TestServer.start("--limits", "off");
        poster = server.signedIn("poster");
        harvest = poster.post("garden", "the tomato harvest is in, <b>finally</b>");
        // Enough after it that the room's page opens without it: the permalink has to bring it.
        IntStream.range(0, 150).forEach(i -> poster.sayOk("garden", "weeding, day " + i));
    }

    @Test
    void theHeadersBoxFindsAMessageMarksTheWordAndItsLinkOpensTheRoomAtIt() {
        Page reader = person("reader", "garden");
        assertThat(reader.locator("#messages .message .text", new Page.LocatorOptions().setHasText("tomato"))).hasCount(0);

        reader.getByRole(com.microsoft.playwright.options.AriaRole.SEARCHBOX,
                new Page.GetByRoleOptions().setName("Search messages")).fill("TOMATO harv");
        reader.keyboard().press("Enter");

        assertThat(reader).hasURL(server.url("/search?q=TOMATO+harv"));
        assertThat(reader.locator("#search-summary")).hasText("1 result shown, newest first.");
        Locator result = reader.locator("#results .result");
        assertThat(result).hasCount(1);
        assertThat(result.locator("mark")).hasText(new String[] {"tomato", "harvest"});
        assertThat(result.locator(".snippet")).hasText("the tomato harvest is in, <b>finally</b>");
        assertThat(result.locator(".in-room")).hasText("#garden");
        assertThat(result.locator(".author")).hasText("poster");
        // Shown in the reader's time zone with its day, not only the hour as in a room.
        assertThat(result.locator("time")).not().hasText(Pattern.compile("^\\d\\d:\\d\\d$"));
        reader.screenshot(new Page.ScreenshotOptions().setPath(screenshot("search.png")));

        result.locator("a.snippet").click();

        assertThat(reader).hasURL(server.url("/rooms/garden/messages/" + harvest));
        Locator linked = reader.locator("#messages .message.permalinked");
        assertThat(linked.locator(".text")).hasText("the tomato harvest is in, <b>finally</b>");
        assertThat(linked).hasAttribute("aria-current", "true");
        assertThat(linked).isInViewport();
    }

    @Test
    void withoutJavaScriptTheBoxIsAPlainFormAndBestMatchIsALink() {
        Page reader = person("plain", "garden", new Browser.NewContextOptions().setJavaScriptEnabled(false));
        reader.locator("#search-box-q").fill("weeding");
        reader.locator("#search-box button[type=submit]").click();

        assertThat(reader.locator("#results .result")).hasCount(20);
        assertThat(reader.locator("#search-summary")).hasText("20 results shown, newest first.");
        assertThat(reader.locator("#results .result").first().locator("mark")).hasText("weeding");
        reader.getByText("Best match").click();
        assertThat(reader.locator("#search-summary")).hasText("20 results shown, best matches first.");
        reader.locator("#more-results").click();
        assertThat(reader.locator("#search-summary")).hasText("Results 21–40 shown, best matches first.");
    }
}
