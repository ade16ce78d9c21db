package parley.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.TestServer;

/**
 * The "done when": a person trying hostile input by hand in a browser sees clear errors, or their
 * text shown exactly as typed, and nothing else. Each test does what that person does (types, presses
 * Enter, removes a maxlength with the devtools, follows a link from another site) and checks what they see.
 */
class HostileInputInTheBrowserTest extends BrowserTest {
    static final int MAX_MESSAGE = 50;
    static final String ROOM_RULE =
            "A room name is 1–32 characters of a–z, 0–9 and '-', starting with a letter or digit.";

    /** Something a person might type into the message box to see what breaks. */
    record Hostile(String what, String typed) {}

    static final List<Hostile> HOSTILE_MESSAGES = List.of(
            new Hostile("a script element", "<script>alert(1)</script>"),
            new Hostile("an image whose error handler runs script", "<img src=x onerror=alert(1)>"),
            new Hostile("a right-to-left override, closed again", "\u202Eevil\u202C then normal"),
            new Hostile("a right-to-left override left open", "\u202Eto the end of the line"),
            new Hostile("SQL injection", "'; DROP TABLE messages; --"),
            new Hostile("SSE fields on lines of their own", "event: reset\ndata: <li>forged</li>\n\nid: 1"),
            new Hostile("emoji joined by zero-width joiners", "👩‍👩‍👧‍👦 🏳️‍🌈 ❤️‍🔥 family, flag, heart"));

    /**
     * The statuses of the refusals a test provokes on purpose. Chromium logs every 4xx response, a page's or
     * htmx's, as a console error ("Failed to load resource: the server responded with a status of 422 …");
     * here that is the expected answer, not a fault. Any other console error still fails the test.
     */
    private final Set<Integer> refusalsProvoked = ConcurrentHashMap.newKeySet();
    private static final Pattern FAILED_LOAD =
            Pattern.compile("Failed to load resource: the server responded with a status of (\\d{3}) .*");
    private HttpServer otherSite;

    @Override
    boolean expectedOutageError(String text) {
        Matcher failed = FAILED_LOAD.matcher(text);
        return failed.matches() && refusalsProvoked.contains(Integer.parseInt(failed.group(1)));
    }

    @AfterEach
    void stopOtherSite() {
        if (otherSite != null) {
            otherSite.stop(0);
        }
    }

    @Test
    void hostileMessagesShowExactlyAsTypedLiveAndInHistoryAndRunNothing() {
        startParley();
        Page alice = person("alice", "hostile");
        Page bob = person("bob", "hostile");
        assertThat(alice.locator("#presence li")).hasText(new String[] {"alice", "bob"});

        for (Hostile message : HOSTILE_MESSAGES) {
            typeAndSend(alice, message.typed());
            assertThat(compose(alice)).hasValue("");
        }
        assertShownExactlyAsTyped(alice, "the sender, live");
        assertShownExactlyAsTyped(bob, "another profile, live over SSE");

        bob.reload();
        assertShownExactlyAsTyped(bob, "another profile, from the history rendered by the server");
        typeAndSend(bob, "still here after all that");
        assertThat(alice.locator("#messages .message")).hasCount(HOSTILE_MESSAGES.size() + 1);
    }

    @Test
    void aNameThatBreaksTheRulesIsRefusedNextToTheFieldAndHtmlIsShownLiterally() {
        startParley();
        refusalsProvoked.add(422);
        Page page = newPage("visitor", new Browser.NewContextOptions());
        server.signedIn("first"); // the first account is the admin's; the visitor signs up as anyone else does
        page.navigate(server.url("/"));

        record Refused(String typed, String error) {}
        for (Refused name : List.of(
                new Refused("n".repeat(25), "That name is 25 characters long; a name is 1–24 characters."),
                new Refused("bo\tb", "A name can't contain control characters such as line breaks or tabs."),
                new Refused("   ", "Choose a name: 1–24 characters."),
                new Refused("\u202Eevil", "A name can't contain the invisible characters that change the direction "
                        + "of text (such as U+202E)."))) {
            Locator field = page.locator("#signup-name");
            removeMaxLength(field); // as a person with the devtools open would, to get past the browser's own check
            field.fill(name.typed());
            page.locator("#signup-password").fill(Client.PASSWORD);
            signUpButton(page).click();

            assertThat(page.locator("#signup-error")).hasText(name.error());
            assertThat(field).hasAttribute("aria-describedby", "signup-error");
            assertThat(field).hasValue(name.typed());
            assertThat(page.locator(".me")).hasCount(0);
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Sign in to Parley")))
                    .isVisible();
        }
        assertThat(page.context().cookies()).as("no session cookie was set").isEmpty();

        signUp(page, "<b>bo<i>");
        assertThat(page).hasURL(server.url("/"));
        assertThat(page.locator(".me")).hasText("Signed in as <b>bo<i>");
        assertThat(page.locator(".me strong")).hasText("<b>bo<i>");
        page.navigate(server.url("/rooms/names"));
        send(page, "hi");
        assertThat(page.locator("#messages .author")).hasText(new String[] {"<b>bo<i>"});
        assertThat(page.locator("#presence li")).hasText(new String[] {"<b>bo<i>"});
        assertThat(page.locator("header b, #messages b, #presence b, #sidebar b")).hasCount(0);
    }

    /**
     * A name may be written right to left (bidi overrides are refused, above, but Hebrew and Arabic letters are
     * names like any other). Its direction must stay inside it: the time after it in a message still reads
     * left to right and stays to its right, where an unisolated name would pull the time over to its left.
     */
    @Test
    void aRightToLeftNameTurnsOnlyItselfAround() {
        startParley();
        Page hebrew = person("שלום", "bidi");
        Page reader = person("reader", "bidi");
        send(hebrew, "hello");
        assertThat(reader.locator("#messages .message .text")).hasText(new String[] {"hello"});

        Locator message = reader.locator("#messages .message").first();
        double authorLeft = message.locator(".author").boundingBox().x;
        double timeLeft = message.locator("time").boundingBox().x;
        assertThat(timeLeft).as("the time stays to the right of the author's name").isGreaterThan(authorLeft);
        List<?> charactersLeft = (List<?>) message.locator("time").evaluate("""
                time => [0, time.firstChild.length - 1].map(i => {
                    const character = document.createRange();
                    character.setStart(time.firstChild, i);
                    character.setEnd(time.firstChild, i + 1);
                    return character.getBoundingClientRect().left;
                })""");
        assertThat(((Number) charactersLeft.get(0)).doubleValue()).as("the time reads left to right")
                .isLessThan(((Number) charactersLeft.get(1)).doubleValue());
    }

    @Test
    void aMessageOverTheLimitIsRefusedNextToTheFormAndKeptInTheBox() {
        startParley("--max-message", String.valueOf(MAX_MESSAGE));
        refusalsProvoked.add(422);
        Page alice = person("alice", "limit");
        String tooLong = "This message goes on and on, past the fifty characters allowed.";
        assertThat(tooLong.length()).isGreaterThan(MAX_MESSAGE);

        removeMaxLength(compose(alice));
        typeAndSend(alice, tooLong);
        assertThat(alice.locator("#compose #compose-error"))
                .hasText("That message is " + tooLong.length() + " characters long; the limit is " + MAX_MESSAGE + ".");
        assertThat(compose(alice)).hasAttribute("aria-describedby", "compose-error");
        assertThat(compose(alice)).hasValue(tooLong);

        // The person shortens it to exactly the limit and sends again: that one, and only that one, arrives.
        String shortened = tooLong.substring(0, MAX_MESSAGE);
        compose(alice).fill(shortened);
        compose(alice).press("Enter");
        assertThat(compose(alice)).hasValue("");
        assertThat(alice.locator("#compose-error")).hasCount(0);
        assertThat(alice.locator("#messages .message")).hasCount(1);
        assertThat(texts(alice)).containsExactly(shortened);
    }

    @Test
    void sendingFasterThanAllowedIsRefusedNextToTheFormWithTheTextKept() {
        startParley("--posts-per-person", "3/1h"); // no token comes back while the test runs, however slowly
        refusalsProvoked.add(429);
        Page alice = person("alice", "fast");
        List<String> allowed = List.of("one", "two", "three");
        allowed.forEach(text -> send(alice, text));

        typeAndSend(alice, "four, too soon");
        assertThat(alice.locator("#compose #compose-error")).hasText(Pattern.compile(
                "You are sending messages faster than Parley allows\\. Wait \\d+ minutes, then send it again\\."));
        assertThat(compose(alice)).hasValue("four, too soon");
        assertThat(alice.locator("#messages .message")).hasCount(allowed.size());
        assertThat(texts(alice)).isEqualTo(allowed);
        assertThat(serverIds("fast")).as("messages the server stored").hasSize(allowed.size());
    }

    @Test
    void aRoomNameThatBreaksTheRuleShowsTheRuleAndStrangeRoomUrlsShowNoSuchRoom() {
        startParley();
        refusalsProvoked.addAll(List.of(422, 404));
        Page page = person("alice", "lobby");

        for (String typed : List.of("../etc", "a/b", "<script>alert(1)</script>")) {
            page.navigate(server.url("/"));
            page.getByLabel("Room name").fill(typed);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open")).click();
            assertThat(page.locator("#room-error")).hasText(ROOM_RULE);
            assertThat(page.getByLabel("Room name")).hasValue(typed);
            assertThat(page.getByLabel("Room name")).hasAttribute("aria-describedby", "room-error");
        }

        for (String path : List.of("/rooms/..%2Fetc", "/rooms/Ünïcode", "/rooms/..%2F..%2Fetc%2Fpasswd")) {
            Response response = page.navigate(server.url(path));
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
                    .hasText("No such room");
            assertThat(page.locator("main .error")).hasText(ROOM_RULE);
            assertThat(page.locator("body")).not().containsText("Exception");
            assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Back to Parley")))
                    .isVisible();
        }
    }

    @Test
    void aFormOnAnotherSiteCannotPostIntoARoom() {
        startParley();
        refusalsProvoked.add(403);
        Page alice = person("alice", "x"); // signed in to Parley in this browser profile
        String forgedPost = server.url("/rooms/x/messages");
        // Parley is at http://127.0.0.1:<port>; the other site is served at http://localhost:<another port>.
        // Both are this machine, but to the browser they are different hosts and so different sites, as
        // evil.example is to chat.example. (Another port on 127.0.0.1 alone would be the same site.)
        // Two locks then hold: the SameSite=Lax session cookie is not sent with a cross-site POST, and Parley
        // refuses a change whose Sec-Fetch-Site says cross-site. The second answers first, before the session
        // is read, so its page is what the person sees.
        String otherSiteUrl = serveOtherSite("""
                <!DOCTYPE html>
                <html><head><meta charset="utf-8"><title>Free prizes</title><link rel="icon" href="data:,"></head>
                <body><form action="%s" method="post">
                  <input type="hidden" name="text" value="forged">
                  <button type="submit">Claim your prize</button>
                </form></body></html>
                """.formatted(forgedPost));

        alice.navigate(otherSiteUrl);
        alice.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Claim your prize")).click();

        assertThat(alice).hasURL(forgedPost);
        assertThat(alice.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
                .hasText("Refused: sent from another site");
        assertThat(alice.locator("main .error")).containsText("Parley only accepts forms sent from its own pages");
        assertThat(alice.locator("body")).not().containsText("forged");

        alice.navigate(server.url("/rooms/x"));
        assertThat(alice.locator(".me strong")).hasText("alice"); // still signed in: it is the same person's room
        assertThat(alice.locator("#messages .message")).hasCount(0);
        assertThat(serverIds("x")).as("messages the server stored").isEmpty();
    }

    private void startParley(String... options) {
        server = TestServer.start(options);
    }

    static Locator compose(Page page) {
        return page.locator("#compose textarea[name=text]");
    }

    static Locator signUpButton(Page page) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign up").setExact(true));
    }

    /** What a person does in the devtools to type past a field's maxlength. */
    static void removeMaxLength(Locator field) {
        field.evaluate("field => field.removeAttribute('maxlength')");
    }

    /** Types the text key by key, Shift+Enter for each line break, checks the box shows it, and sends it with Enter. */
    static void typeAndSend(Page page, String text) {
        Locator box = compose(page);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                box.press("Shift+Enter");
            }
            box.pressSequentially(lines[i]);
        }
        assertThat(box).hasValue(text);
        box.press("Enter");
    }

    /**
     * Every hostile message, in order, with its text exactly as typed, as rendered (innerText, which keeps the
     * line breaks the page shows, a blank line between paragraphs too); and no element was made from any of it
     * but Markdown's paragraphs and line breaks.
     */
    static void assertShownExactlyAsTyped(Page page, String where) {
        assertThat(page.locator("#messages .message")).hasCount(HOSTILE_MESSAGES.size());
        List<?> rendered = (List<?>) page.locator("#messages .message .text").evaluateAll("els => els.map(e => e.innerText)");
        for (int i = 0; i < HOSTILE_MESSAGES.size(); i++) {
            Hostile message = HOSTILE_MESSAGES.get(i);
            assertThat(rendered.get(i)).as("%s: %s (innerText)", where, message.what()).isEqualTo(message.typed());
        }
        assertThat(page.locator("#messages .text :not(p, br)")).hasCount(0); // no element was made from typed text
        assertThat(page.locator("#messages script, #messages img")).hasCount(0);
    }

    /** Serves one page from another site (see the test for why localhost is another site here) and returns its URL. */
    private String serveOtherSite(String html) {
        try {
            otherSite = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        otherSite.createContext("/", exchange -> {
            boolean page = exchange.getRequestURI().getPath().equals("/");
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(page ? 200 : 404, page ? body.length : -1);
            try (OutputStream out = exchange.getResponseBody()) {
                if (page) {
                    out.write(body);
                }
            }
        });
        otherSite.start();
        return "http://localhost:" + otherSite.getAddress().getPort() + "/";
    }
}
