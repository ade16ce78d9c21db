package parley.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.support.Html;
import parley.support.TestServer;

/** A message sent twice from the page (a double click, Send again after a lost answer) appears once. */
class SendOnceInTheBrowserTest extends BrowserTest {

    @BeforeEach
    void startServer() {
        server = TestServer.start();
    }

    /** Set by the test that drops an answer on purpose; every other error still fails the test. */
    volatile boolean answerDropped;

    @Override
    boolean expectedOutageError(String text) {
        // The answer the test throws away: Chromium reports the failed request, htmx the failed send.
        return answerDropped && (text.contains("net::ERR_FAILED") || text.contains("htmx:sendError")
                || text.contains("htmx:afterRequest"));
    }

    List<String> serverTexts(String room) {
        return Html.texts(server.signedIn("auditor").get("/rooms/" + room).body());
    }

    static Locator sendButton(Page page) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send"));
    }

    /** htmx disables Send while the post is out (data-hx-disabled-elt); the key covers whatever gets through. */
    @Test
    void aDoubleClickOnSendPostsTheMessageOnce() {
        Page page = person("ann", "double");
        page.locator("#compose textarea[name=text]").fill("clicked twice");
        sendButton(page).dblclick();
        assertThat(page.locator("#messages .message .text")).hasText(new String[] {"clicked twice"});
        assertThat(page.locator("#compose textarea[name=text]")).hasValue("");
        send(page, "after");
        assertThat(page.locator("#messages .message .text")).hasText(new String[] {"clicked twice", "after"});
        assertThat(serverTexts("double")).containsExactly("clicked twice", "after");
    }

    /**
     * The server stores the message but its answer never reaches the page (the test drops it, as a dying node
     * or a broken connection would). The message arrives over the stream; the form still holds the text, and
     * the person presses Send again: the same form, the same key, nothing new.
     */
    @Test
    void sendingAgainAfterALostAnswerDoesNotPostTheMessageTwice() {
        Page page = person("ann", "lost");
        answerDropped = true;
        AtomicInteger dropped = new AtomicInteger();
        page.route("**/rooms/lost/messages", route -> {
            if (dropped.getAndIncrement() == 0) {
                assertThat(route.fetch().status()).as("the server's answer, which the page never gets").isEqualTo(200);
                route.abort("failed");
            } else {
                route.resume();
            }
        });
        page.locator("#compose textarea[name=text]").fill("is this sent?");
        sendButton(page).click();
        assertThat(page.locator("#messages .message .text")).hasText(new String[] {"is this sent?"});
        assertThat(page.locator("#compose textarea[name=text]")).hasValue("is this sent?");

        assertThat(sendButton(page)).isEnabled();
        sendButton(page).click();
        assertThat(page.locator("#compose textarea[name=text]")).hasValue("");
        send(page, "after");
        assertThat(page.locator("#messages .message .text")).hasText(new String[] {"is this sent?", "after"});
        assertThat(serverTexts("lost")).containsExactly("is this sent?", "after");
        assertThat(dropped.get()).isEqualTo(3);
    }
}
