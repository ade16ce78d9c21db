package parley.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ColorScheme;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.NodePackages;
import parley.support.TestServer;

/**
 * Every page as axe-core finds it, in the light and in the dark colour scheme: no violation of its rules
 * (WCAG 2.x A and AA, and its best practices), and exactly one {@code h1}. The pages are filled with what they
 * show in use (a room with a mention, reactions, an edited message, the unread divider, someone typing, and
 * the sidebar's counts), since an empty page hides most of what could fail. And the message list is reached
 * and scrolled from the keyboard.
 */
class AccessibilityInTheBrowserTest extends BrowserTest {
    static final List<ColorScheme> SCHEMES = List.of(ColorScheme.LIGHT, ColorScheme.DARK);
    /** What axe found, per page and scheme, reported together at the end of a test so one run shows all. */
    final List<String> findings = new ArrayList<>();
    /**
     * The status of a page a test opens on purpose that answers with a refusal (a sign-in refused, a problem
     * page): Chromium logs it as a console error, which here is the expected answer.
     */
    int provoked;

    @Override
    boolean expectedOutageError(String text) {
        return provoked > 0 && text.startsWith("Failed to load resource: the server responded with a status of " + provoked);
    }

    @BeforeEach
    void startServer() {
        NodePackages.install();
        // Typing is said again before each check, sooner than the default 3 s allows.
        server = TestServer.start("--limits", "off", "--typing-every", "100ms");
    }

    /** Checks the page as it is now in both colour schemes, noting what fails under {@code what}. */
    void check(Page page, String what) {
        check(page, what, () -> {});
    }

    /** As {@link #check(Page, String)}, running {@code before} ahead of each scheme's check. */
    void check(Page page, String what, Runnable before) {
        for (ColorScheme scheme : SCHEMES) {
            page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(scheme));
            before.run();
            String where = what + " (" + scheme.name().toLowerCase() + ")";
            int headings = page.locator("h1").count();
            if (headings != 1) {
                findings.add(where + ": " + headings + " h1 elements, where a page has exactly one");
            }
            Axe.violations(page).forEach(violation -> findings.add(where + ": " + violation));
        }
    }

    void noFindings() {
        assertThat(findings).withFailMessage("axe-core found these on the pages:%n%s", String.join("\n", findings)).isEmpty();
    }

    @Test
    void theSignedOutPagesHaveNoViolation() {
        Page visitor = newPage("visitor", new com.microsoft.playwright.Browser.NewContextOptions());
        visitor.navigate(server.url("/"));
        assertThat(visitor.locator("h1")).hasText("Welcome to Parley");
        check(visitor, "first run: create the admin account");

        Client admin = server.signedIn("alice");
        visitor.navigate(server.url("/"));
        assertThat(visitor.locator("#signup-name")).isVisible();
        check(visitor, "signed-out home: sign in and sign up");

        provoked = 401;
        signIn(visitor, "alice-typo");
        assertThat(visitor.locator("#signin-error")).isVisible();
        check(visitor, "signed-out home: a refused sign-in");

        String invite = Pattern.compile("value=\"(http[^\"]+/join/[0-9a-f]+)\"").matcher(admin.get("/admin").body())
                .results().findFirst().orElseThrow().group(1);
        visitor.navigate(invite);
        assertThat(visitor.locator("h1")).hasText("Join Parley");
        check(visitor, "the invite link's sign-up page");
        noFindings();
    }

    @Test
    void theHomeAccountAdminAndSearchPagesHaveNoViolation() {
        Page alice = newPage("alice", new com.microsoft.playwright.Browser.NewContextOptions());
        alice.navigate(server.url("/"));
        signUp(alice, "alice"); // the first account: the admin
        Client bob = server.signedIn("bob");
        bob.sayOk("lobby", "hello from bob");
        alice.navigate(server.url("/rooms/lobby"));
        alice.navigate(server.url("/"));
        assertThat(alice.locator(".rooms a")).hasText("#lobby");
        check(alice, "signed-in home");

        alice.navigate(server.url("/account"));
        check(alice, "account");

        alice.navigate(server.url("/admin"));
        assertThat(alice.locator("[data-person='bob']")).isVisible();
        check(alice, "admin");

        bob.sayOk("lobby", "a second hello, from bob again");
        alice.navigate(server.url("/search?q=hello"));
        assertThat(alice.locator("#results > li.result")).hasCount(2);
        assertThat(alice.locator("#results mark").first()).hasText("hello");
        check(alice, "search results");
        provoked = 422;
        alice.navigate(server.url("/search?q=" + "x".repeat(501)));
        assertThat(alice.locator("#search-error")).isVisible();
        check(alice, "a refused search");

        provoked = 404;
        alice.navigate(server.url("/rooms/lobby/messages/999999"));
        assertThat(alice.locator("h1")).hasText("No such message");
        check(alice, "a problem page (404)");
        noFindings();
    }

    @Test
    void aRoomInUseHasNoViolation() {
        Client alice = server.signedIn("alice");
        Client carol = server.signedIn("carol");
        for (int i = 1; i <= 30; i++) { // enough that the list scrolls
            alice.sayOk("kitchen", "Morning, part " + i);
        }
        Page bob = person("bob", "kitchen"); // has read the kitchen up to here
        alice.sayOk("garden", "The seeds arrived");
        alice.sayOk("cellar", "The wine list is up");
        bob.navigate(server.url("/rooms/cellar"));
        bob.getByLabel("Nothing (mute)").check();
        bob.locator("form.involvement button[type=submit]").click();
        assertThat(bob.locator("#rooms li[data-room='cellar']")).hasClass(Pattern.compile("\\bmuted\\b"));
        bob.navigate(server.url("/rooms/garden"));
        bob.navigate(server.url("/")); // away from every room while they talk

        long bread = carol.post("kitchen", "I will bake bread");
        assertThat(carol.edit("kitchen", bread, "I will bake **sourdough**").statusCode()).isEqualTo(200);
        long flour = alice.post("kitchen", "@bob can you bring flour? @carol thanks for the bread");
        alice.sayOk("kitchen", "> the recipe\n\nis at https://example.com/sourdough, step `3` matters");
        assertThat(alice.react("kitchen", bread, "👍").statusCode()).isEqualTo(200);
        assertThat(carol.react("kitchen", flour, "🎉").statusCode()).isEqualTo(200);
        alice.sayOk("garden", "@bob the roses are out");
        alice.sayOk("cellar", "New bottles came");
        String direct = alice.postForm("/direct", Map.of("name", "bob")).headers().firstValue("Location").orElseThrow();
        alice.sayOk(direct.substring("/rooms/".length()), "psst");

        bob.navigate(server.url("/rooms/kitchen"));
        assertThat(bob.locator("#messages .unread-divider")).isVisible();
        assertThat(bob.locator("#messages .mention.me")).hasText("@bob");
        assertThat(bob.locator("#messages .message.edited")).hasCount(1);
        assertThat(bob.locator("#rooms li[data-room='garden']")).hasClass(Pattern.compile("\\bmentioned\\b"));
        assertThat(bob.locator("#rooms li.direct.unread")).hasCount(1);
        assertThat(bob.locator("#rooms li.muted.unread")).hasCount(1);
        assertThat(scrolls(bob)).as("the message list scrolls (and so must take the focus)").isTrue();
        // his own reaction, marked pressed
        bob.locator("#m-" + bread + " .reactions button").click();
        assertThat(bob.locator("#m-" + bread + " .reactions button")).hasAttribute("aria-pressed", "true");
        Locator typing = bob.locator("#typing");
        check(bob, "room with a mention, reactions, an edit, the divider, typing and sidebar counts", () -> {
            assertThat(carol.postForm("/rooms/kitchen/typing", Map.of()).statusCode()).isLessThan(300);
            assertThat(typing).hasText("carol is typing…");
        });
        assertThat(typing).hasText("carol is typing…"); // still shown when the last check ended

        bob.locator("#compose-text").pressSequentially("thanks @ca");
        assertThat(bob.locator("#mention-options [role=option]")).hasText(new String[] {"carol"});
        check(bob, "the names offered after @");
        bob.locator("#compose-text").press("Escape");

        bob.navigate(server.url("/rooms/kitchen/messages/" + flour));
        assertThat(bob.locator(".message.permalinked")).isVisible();
        check(bob, "permalink page");

        bob.setViewportSize(390, 844); // a phone: the panels fold behind the Rooms button
        bob.navigate(server.url("/rooms/kitchen"));
        check(bob, "room at phone width");
        bob.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Rooms")).click();
        assertThat(bob.locator("#sidebar")).isVisible();
        check(bob, "room at phone width, rooms shown");
        noFindings();
    }

    @Test
    void theMessageListIsReachedAndScrolledFromTheKeyboard() {
        Client alice = server.signedIn("alice");
        for (int i = 1; i <= 40; i++) {
            alice.sayOk("stairs", "step " + i);
        }
        Page bob = person("bob", "stairs");
        Locator messages = bob.locator("#messages");
        assertThat(messages.locator(".message")).hasCount(40);
        double bottom = scrollTop(bob);
        assertThat(bottom).as("the list is scrolled to its newest message").isPositive();

        bob.evaluate("() => document.activeElement.blur()");
        for (int presses = 0; presses < 60 && !isFocused(bob, "messages"); presses++) {
            bob.keyboard().press("Tab");
        }
        assertThat(isFocused(bob, "messages")).as("Tab reaches #messages").isTrue();
        assertThat(messages).hasAccessibleName("Messages"); // what a screen reader says as it lands there
        assertThat(bob.getByRole(AriaRole.LOG).locator("#messages")).hasCount(1);

        bob.keyboard().press("ArrowUp");
        bob.waitForFunction("before => document.getElementById('messages').scrollTop < before", bottom);
        double afterArrow = scrollTop(bob);
        bob.keyboard().press("PageUp");
        bob.waitForFunction("before => document.getElementById('messages').scrollTop < before - 50", afterArrow);
    }

    /**
     * Records each message added to {@code #messages} after the page has loaded, with whether the live region
     * holding it was on ({@code aria-live} "polite") or quiet ("off") when it went in: what a screen reader is
     * told to read out. Installed before the page's own script runs.
     */
    static final String RECORD_ADDITIONS = """
            window.__added = [];
            document.addEventListener("DOMContentLoaded", () => {
              const list = document.getElementById("messages");
              if (!list) {
                return; // not a room page (the sign-up form)
              }
              new MutationObserver(changes => changes.forEach(change => change.addedNodes.forEach(node => {
                if (node.nodeType === 1 && node.matches("li.message")) {
                  window.__added.push(node.querySelector(".text").textContent + ": "
                      + node.closest("[role=log]").getAttribute("aria-live"));
                }
              }))).observe(list, { childList: true });
            });
            """;

    @Test
    void theLogReadsOutANewMessageButNotOlderOnesLoadedAboveNorAChangedOne() {
        Client alice = server.signedIn("alice");
        for (int i = 1; i <= 120; i++) {
            alice.sayOk("library", "page " + i);
        }
        Page bob = newPage("bob", new com.microsoft.playwright.Browser.NewContextOptions());
        bob.addInitScript(RECORD_ADDITIONS);
        bob.navigate(server.url("/rooms/library"));
        signUp(bob, "bob");
        Locator shown = bob.locator("#messages li.message");
        assertThat(shown).hasCount(100);
        Locator log = bob.getByRole(AriaRole.LOG);
        assertThat(log.locator("#messages")).hasCount(1);
        assertThat(log).hasAttribute("aria-live", "polite");

        bob.locator("#messages li.older").scrollIntoViewIfNeeded(); // the reader scrolls up: 20 older ones load
        assertThat(shown).hasCount(120);
        assertThat(log).hasAttribute("aria-live", "polite"); // on again once they are in
        alice.sayOk("library", "a new page");
        assertThat(shown.last().locator(".text")).hasText("a new page");
        long newest = alice.post("library", "the newest page");
        assertThat(shown.last().locator(".text")).hasText("the newest page");
        assertThat(log).hasAttribute("aria-live", "polite");
        assertThat(alice.react("library", newest, "👀").statusCode()).isEqualTo(200);
        assertThat(bob.locator("#m-" + newest + " .reactions button")).hasText("👀 1");

        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            expected.add("page " + i + ": off");
        }
        expected.addAll(List.of("a new page: polite", "the newest page: polite", "the newest page: off"));
        assertThat(bob.evaluate("() => window.__added")).as("each message added, and whether it was read out")
                .isEqualTo(expected);
    }

    static boolean scrolls(Page page) {
        return (Boolean) page.evaluate("() => { const m = document.getElementById('messages'); return m.scrollHeight > m.clientHeight; }");
    }

    static double scrollTop(Page page) {
        return ((Number) page.evaluate("() => document.getElementById('messages').scrollTop")).doubleValue();
    }

    static boolean isFocused(Page page, String id) {
        return (Boolean) page.evaluate("id => document.activeElement && document.activeElement.id === id", id);
    }
}
