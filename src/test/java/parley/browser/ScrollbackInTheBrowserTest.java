package parley.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.Html;
import parley.support.TestServer;

/** Scrolling back through a room's history, the "New messages below" button, and a permalink, in Chromium. */
class ScrollbackInTheBrowserTest extends BrowserTest {
    Client poster;

    @BeforeEach
    void startServer() {
        server = TestServer.start("--limits", "off");
        poster = server.signedIn("poster");
        IntStream.rangeClosed(1, 300).forEach(i -> poster.sayOk("history", "m" + i));
    }

    @Test
    void scrollingUpLoadsOlderMessagesInPlaceToTheBeginningAndNewOnesWaitBelowAButton() {
        Page reader = person("reader", "history");
        Locator messages = reader.locator("#messages .message");
        assertThat(messages).hasCount(100);
        assertThat(messages.last()).isInViewport();

        for (int shown = 100; shown < 300; shown += 50) {
            // Scroll to the top: the oldest message shown stays where it is on screen while older ones come in above.
            Locator oldest = reader.locator("#messages .message[data-message-id='"
                    + messages.first().getAttribute("data-message-id") + "']");
            double before = ((Number) oldest.evaluate(
                    "m => { m.parentElement.scrollTop = 0; return m.getBoundingClientRect().top; }")).doubleValue();
            assertThat(messages).hasCount(shown + 50);
            double after = ((Number) oldest.evaluate("m => m.getBoundingClientRect().top")).doubleValue();
            assertThat(after).as("the message read before the load is where it was").isCloseTo(before, within(2.0));
        }
        reader.locator("#messages").evaluate("list => list.scrollTop = 0");
        assertThat(reader.locator("#messages .beginning")).hasText("This is the beginning of #history");
        assertThat(reader.locator("#messages .older")).hasCount(0);
        assertThat(texts(reader)).isEqualTo(IntStream.rangeClosed(1, 300).mapToObj(i -> "m" + i).toList());

        // Scrolled up to the beginning, a new message does not move the page; a button says it is there.
        Locator below = reader.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("New messages below"));
        assertThat(below).isHidden();
        poster.sayOk("history", "m301");
        assertThat(messages).hasCount(301);
        assertThat(below).isVisible();
        assertThat(reader.locator("#messages .beginning")).isInViewport();
        below.focus();
        reader.keyboard().press("Enter"); // a real button: the keyboard works it
        assertThat(reader.locator("#messages .message .text").last()).hasText("m301");
        assertThat(messages.last()).isInViewport();
        assertThat(below).isHidden();
        // Back at the bottom, the list is cut back to 300 messages, and what was cut can be loaded again.
        assertThat(messages).hasCount(300);
        assertThat(messages.first().locator(".text")).hasText("m2");
        assertThat(reader.locator("#messages > li").first()).hasClass("older");
        poster.sayOk("history", "m302");
        assertThat(messages.last().locator(".text")).hasText("m302");
        assertThat(messages.last()).isInViewport();
        assertThat(messages).hasCount(300);
    }

    @Test
    void aPermalinkOpensAtItsMessageMarkedAndLiveMessagesStillArrive() {
        Page reader = person("reader", "history");
        List<Long> ids = Html.messageIds(poster.get("/rooms/history?before=" + Long.MAX_VALUE).body()); // m251..m300
        long m101 = ids.getFirst() - 150; // #history's ids are consecutive: nobody posted elsewhere in between
        assertThat(Html.texts(poster.get("/rooms/history/messages/" + m101).body())).contains("m101");
        reader.navigate(server.url("/rooms/history/messages/" + m101));
        Locator linked = reader.locator("#messages .message.permalinked");
        assertThat(linked.locator(".text")).hasText("m101");
        assertThat(linked).hasAttribute("aria-current", "true");
        assertThat(linked).isInViewport();
        assertThat(reader.locator("#messages .message")).hasCount(51);
        assertThat(reader.locator("#messages .newer a")).hasAttribute("href", "/rooms/history");

        poster.sayOk("history", "live on a permalink");
        assertThat(reader.locator("#messages .message .text").last()).hasText("live on a permalink");
        assertThat(linked).isInViewport();
        assertThat(reader.locator("#messages .message")).hasCount(52);
    }
}
