package parley.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import parley.support.Client;
import parley.support.Html;
import parley.support.TestServer;

/**
 * What the browser tests share: one Chromium, a fresh browser profile per person, and a watch on every
 * page for console errors, page errors, CSP violations and dialogs (but the confirmations a test expects),
 * none of which may happen.
 */
abstract class BrowserTest {
    static Playwright playwright;
    static Browser browser;
    TestServer server;
    final List<BrowserContext> contexts = new ArrayList<>();
    final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    /**
     * Who a test shuts out on purpose (deactivated, or their session ended from another browser). Their open
     * page keeps trying to reconnect its stream and is refused with 401, which Chromium and the SSE extension
     * log as errors: for them, and only those, that is the expected answer.
     */
    final Set<String> shutOut = ConcurrentHashMap.newKeySet();
    /**
     * The confirmations a test answers "OK" to, as a person would (a delete asks first). Any other dialog is a
     * fault. {@link #confirmed} records each one accepted, so the test can check it was asked.
     */
    final Set<String> confirmations = ConcurrentHashMap.newKeySet();
    final List<String> confirmed = Collections.synchronizedList(new ArrayList<>());

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

    @AfterEach
    void closeEverything() {
        contexts.forEach(BrowserContext::close);
        if (server != null) {
            server.close();
        }
        assertThat(problems).as("console errors, page errors, CSP violations and dialogs").isEmpty();
    }

    Page newPage(String who, Browser.NewContextOptions options) {
        BrowserContext context = browser.newContext(options);
        contexts.add(context);
        Page page = context.newPage();
        page.onConsoleMessage(m -> {
            if (m.type().equals("error") && !expectedOutageError(m.text())
                    && !(shutOut.contains(who) && refusedReconnect(m.text()))) {
                problems.add(who + " console: " + m.text());
            }
        });
        page.onPageError(e -> problems.add(who + " page error: " + e));
        page.onDialog(d -> {
            if (d.type().equals("confirm") && confirmations.contains(d.message())) {
                confirmed.add(who + ": " + d.message());
                d.accept();
                return;
            }
            problems.add(who + " dialog: " + d.message());
            d.dismiss();
        });
        return page;
    }

    /**
     * Where a screenshot is saved: {@code target/screenshots/} (so a test run leaves the working tree as it was),
     * or the directory the system property {@code parley.screenshots} names, e.g. {@code -Dparley.screenshots=docs}
     * to refresh the README's pictures.
     */
    static Path screenshot(String name) {
        return Path.of(System.getProperty("parley.screenshots", "target/screenshots")).resolve(name);
    }

    /** The errors a shut-out page logs: its stream's reconnects refused (401), reported by the SSE extension. */
    private static boolean refusedReconnect(String text) {
        return text.startsWith("Failed to load resource: the server responded with a status of 401")
                || text.equals("[object Event]");
    }

    /** While the server restarts, the browser reports its failed reconnects; that is the outage, not a fault. */
    boolean expectedOutageError(String text) {
        return false;
    }

    /** A person in their own browser profile: opens the room, is sent to sign in, signs up, and comes back. */
    Page person(String name, String room) {
        return person(name, room, new Browser.NewContextOptions());
    }

    Page person(String name, String room, Browser.NewContextOptions options) {
        Page page = newPage(name, options);
        page.navigate(server.url("/rooms/" + room));
        signUp(page, name);
        assertThat(page).hasURL(server.url("/rooms/" + room));
        return page;
    }

    /**
     * Fills the sign-up form the page shows (the home page's, the first-run admin's or an invite's) with the
     * name and {@link Client#PASSWORD}, and sends it.
     */
    static void signUp(Page page, String name) {
        page.locator("#signup-name").fill(name);
        page.locator("#signup-password").fill(Client.PASSWORD);
        page.locator("form[action='/signup'] button[type=submit]").click();
    }

    /** Signs in on the page's sign-in form as someone who signed up already (their second browser). */
    static void signIn(Page page, String name) {
        page.locator("#name").fill(name);
        page.locator("#password").fill(Client.PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
    }

    static void send(Page page, String text) {
        Locator field = page.locator("#compose textarea[name=text]");
        field.fill(text);
        field.press("Enter");
        assertThat(page.locator("#compose textarea[name=text]")).hasValue("");
    }

    /**
     * Sends {@code text} from the page and returns the id of its message once the page shows it (the test's
     * own messages are the only ones arriving meanwhile).
     */
    static String say(Page page, String text) {
        Locator shown = page.locator("#messages .message");
        int before = shown.count();
        send(page, text);
        assertThat(shown).hasCount(before + 1);
        return shown.last().getAttribute("data-message-id");
    }

    static List<String> ids(Page page) {
        Object ids = page.locator("#messages [data-message-id]")
                .evaluateAll("els => els.map(e => e.getAttribute('data-message-id'))");
        return ((List<?>) ids).stream().map(String::valueOf).toList();
    }

    static List<String> texts(Page page) {
        return page.locator("#messages .message .text").allTextContents();
    }

    /** The room's history as the server has it, read by a separate HTTP client. */
    List<String> serverIds(String room) {
        return Html.messageIds(server.signedIn("auditor").get("/rooms/" + room).body()).stream()
                .map(String::valueOf).toList();
    }
}
