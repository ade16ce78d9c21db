package parley.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.support.Html;
import parley.support.TestServer;

/** What people see in a real browser: live messages, history for late joiners, who is here. */
class ChatInTheBrowserTest {
    static Playwright playwright;
    static Browser browser;
    TestServer server;
    final List<BrowserContext> contexts = new ArrayList<>();
    final List<String> consoleErrors = new ArrayList<>();

    @BeforeAll
    static void launch() {
        playwright = Chromium.playwright();
        browser = Chromium.launch(playwright);
    }

    @AfterAll
    static void quit() {
        browser.close();
        playwright.close();
    }

    @BeforeEach
    void startServer() {
        server = TestServer.start("--heartbeat", "1s");
    }

    @AfterEach
    void stopServer() {
        contexts.forEach(BrowserContext::close);
        server.close();
        assertThat(consoleErrors).as("console errors").isEmpty();
    }

    /** A person in their own browser profile: signs in with the form and opens the room. */
    Page person(String nickname, String room) {
        BrowserContext context = browser.newContext();
        contexts.add(context);
        Page page = context.newPage();
        page.onConsoleMessage(m -> {
            if (m.type().equals("error")) {
                consoleErrors.add(nickname + ": " + m.text());
            }
        });
        page.onPageError(e -> consoleErrors.add(nickname + ": " + e));
        page.navigate(server.url("/rooms/" + room));
        page.getByLabel("Nickname").fill(nickname);
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page).hasURL(server.url("/rooms/" + room));
        return page;
    }

    static void send(Page page, String text) {
        Locator field = page.locator("#compose textarea[name=text]");
        field.fill(text);
        field.press("Enter");
        assertThat(page.locator("#compose textarea[name=text]")).hasValue("");
    }

    static List<String> ids(Page page) {
        return page.locator("#messages [data-message-id]").evaluateAll(
                "els => els.map(e => e.getAttribute('data-message-id'))") instanceof List<?> list
                ? list.stream().map(String::valueOf).toList() : List.of();
    }

    @Test
    void twoPeopleChatLiveAndALateJoinerSeesTheHistory() {
        Page alice = person("alice", "lobby");
        Page bob = person("bob", "lobby");
        assertThat(alice.locator("#presence")).containsText("bob");

        send(alice, "Hi Bob!");
        assertThat(bob.locator("#messages .message").last().locator(".text"))
                .hasText("Hi Bob!", new LocatorAssertions.HasTextOptions().setTimeout(1000));
        send(bob, "Hello Alice");
        assertThat(alice.locator("#messages .message")).hasCount(2);
        assertThat(alice.locator("#messages .message .text")).hasText(new String[] {"Hi Bob!", "Hello Alice"});
        assertThat(alice.locator("#messages .message .author")).hasText(new String[] {"alice", "bob"});
        assertThat(bob.locator("#messages .message")).hasCount(2);
        assertThat(alice.locator("#compose textarea")).isFocused();

        Page carol = person("carol", "lobby");
        assertThat(carol.locator("#messages .message")).hasCount(2);
        List<Long> history = Html.messageIds(server.signedIn("dave").get("/rooms/lobby").body());
        List<String> expected = history.stream().map(String::valueOf).toList();
        assertThat(ids(alice)).isEqualTo(expected);
        assertThat(ids(bob)).isEqualTo(expected);
        assertThat(ids(carol)).isEqualTo(expected);

        bob.setViewportSize(1000, 640);
        bob.screenshot(new Page.ScreenshotOptions().setPath(java.nio.file.Path.of("docs/screenshot.png")));
        carol.setViewportSize(390, 844);
        carol.screenshot(new Page.ScreenshotOptions().setPath(java.nio.file.Path.of("docs/screenshot-mobile.png")));
    }
}
