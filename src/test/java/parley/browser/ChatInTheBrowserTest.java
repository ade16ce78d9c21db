package parley.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Mouse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.BoundingBox;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.SqliteFile;

/** What people see in a real browser: live messages, history for late joiners, who is here, no-JS, phones. */
class ChatInTheBrowserTest extends BrowserTest {
    static final int HEARTBEAT_MILLIS = 2000;

    @BeforeEach
    void startServer() {
        // One person posts twenty messages in a row in one test: faster than the default limit lets a person.
        // The other limits stay at their defaults, so the browsers here meet them as anyone would.
        server = parley.support.TestServer.start("--heartbeat", HEARTBEAT_MILLIS + "ms", "--posts-per-person", "100/10s");
    }

    @Test
    void twoPeopleChatLiveAndSeeTheSameHistoryAsTheServer() {
        Page alice = person("alice", "lobby");
        Page bob = person("bob", "lobby");
        assertThat(alice.locator("#presence li")).hasText(new String[] {"alice", "bob"});
        assertThat(bob.locator("#presence li")).hasText(new String[] {"alice", "bob"});

        send(alice, "Hi Bob!");
        assertThat(bob.locator("#messages .message .text").last())
                .hasText("Hi Bob!", new LocatorAssertions.HasTextOptions().setTimeout(1000));
        send(bob, "Hello Alice");
        assertThat(alice.locator("#messages .message .text")).hasText(new String[] {"Hi Bob!", "Hello Alice"});
        assertThat(alice.locator("#messages .message .author")).hasText(new String[] {"alice", "bob"});
        assertThat(bob.locator("#messages .message")).hasCount(2);
        assertThat(alice.locator("#compose textarea")).isFocused();

        List<String> history = serverIds("lobby");
        assertThat(ids(alice)).isEqualTo(history);
        assertThat(ids(bob)).isEqualTo(history);

        Page carol = person("carol", "lobby");
        assertThat(carol.locator("#messages .message")).hasCount(2);
        assertThat(bob.locator("#presence li")).hasText(new String[] {"alice", "bob", "carol"});
        send(carol, "Hey both! I just joined and could read everything above.");
        send(alice, "Welcome, Carol.\nThe history is replayed when a page connects.");
        assertThat(bob.locator("#messages .message")).hasCount(4);

        // A reload shows the same history and the same people.
        bob.reload();
        assertThat(bob.locator("#messages .message")).hasCount(4);
        assertThat(ids(bob)).isEqualTo(serverIds("lobby"));
        assertThat(bob.locator("#presence li")).hasText(new String[] {"alice", "bob", "carol"});
    }

    /**
     * The README's two pictures (saved in target/screenshots/, or in docs/ with -Dparley.screenshots=docs): three
     * people talking over two days, with a link, a code block, reactions and an edited message, as bob sees it on
     * his computer (with his rooms and a direct message in the sidebar) and carol on her phone. The emoji show as
     * boxes unless the machine has a colour emoji font (Debian: {@code apt-get install fonts-noto-color-emoji}).
     */
    @Test
    void theReadmePicturesShowAConversationOverTwoDays() {
        Page alice = person("alice", "general");
        Page bob = person("bob", "general");
        Page carol = person("carol", "general", new Browser.NewContextOptions().setViewportSize(390, 844));
        String notes = say(alice, "Release 2.4 is tagged. The notes: https://example.com/parley/releases/2.4");
        assertThat(bob.locator("#m-" + notes)).isVisible();
        String plan = say(bob, "Thanks! I'll put it on staging first thing tomorrow.");
        // Those two were yesterday's (as if): a day separator stands between them and today's.
        SqliteFile.execute(server.data(),
                "UPDATE messages SET sent_at = sent_at - 86400000 WHERE id IN (" + notes + ", " + plan + ")");

        String staging = say(bob, "Staging runs 2.4. One thing: behind our proxy, new messages arrive in bursts.");
        assertThat(alice.locator("#m-" + staging)).isVisible();
        String fix = say(alice, """
                The proxy buffers the event stream. This fixes it:

                ```nginx
                location /rooms/ {
                    proxy_buffering off;
                    proxy_read_timeout 1h;
                }
                ```""");
        assertThat(carol.locator("#m-" + fix)).isVisible();
        String deploy = say(carol, "Same here, that fixed it fro me. Deploying to production now 🚀");
        // Carol mends her typo.
        carol.locator("#m-" + deploy).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Edit")).click();
        carol.locator("#m-" + deploy + " textarea").fill("Same here, that fixed it for me. Deploying to production now 🚀");
        carol.locator("#m-" + deploy + " textarea").press("Enter");
        assertThat(bob.locator("#m-" + deploy + " .edited-mark")).hasText("(edited)");
        // Reactions, each page waiting to see the one before (a message changing under a click would move it).
        react(bob, fix, "👍");
        assertThat(carol.locator("#m-" + fix + " .reactions button")).hasText("👍 1");
        react(carol, fix, "👍");
        react(carol, fix, "❤️");
        react(alice, deploy, "🎉");
        assertThat(bob.locator("#m-" + deploy + " .reactions button")).hasText("🎉 1");
        react(bob, deploy, "🎉");
        assertThat(alice.locator("#m-" + deploy + " .reactions button")).hasText("🎉 2");
        assertThat(bob.locator("#m-" + fix + " .reactions button")).hasText(new String[] {"👍 2", "❤️ 1"});
        say(bob, "Production is on 2.4. Thanks, both!");

        // Bob's sidebar as a team member's looks: more rooms, and a direct message, with news in both that he
        // has not read yet: one of them mentions him.
        Client bobElsewhere = server.signedIn("bob");
        Client aliceElsewhere = server.signedIn("alice");
        bobElsewhere.sayOk("design", "Mock-ups are in the shared folder.");
        assertThat(aliceElsewhere.get("/rooms/design").statusCode()).isEqualTo(200);
        aliceElsewhere.sayOk("design", "Lovely. @bob, can we go over the sign-up screens after lunch?");
        aliceElsewhere.sayOk("design", "The colours follow the new palette.");
        var direct = bobElsewhere.postForm("/direct", java.util.Map.of("name", "alice"));
        assertThat(direct.statusCode()).isEqualTo(303);
        String dm = direct.headers().firstValue("Location").orElseThrow().substring("/rooms/".length());
        aliceElsewhere.sayOk(dm, "Coffee at 3?");

        for (Page page : List.of(bob, carol)) {
            page.reload();
            assertThat(page.locator("#messages .message")).hasCount(6);
            assertThat(page.locator("#messages > li.day")).hasText(new String[] {"Yesterday", "Today"});
            assertThat(page.locator("#m-" + notes + " .text a")).hasAttribute("href", "https://example.com/parley/releases/2.4");
            assertThat(page.locator("#m-" + fix + " pre code")).containsText("proxy_buffering off;");
            assertThat(page.locator("#m-" + fix + " .reactions button")).hasText(new String[] {"👍 2", "❤️ 1"});
            assertThat(page.locator("#m-" + deploy + " .edited-mark")).hasText("(edited)");
            assertThat(page.locator("#presence li")).hasText(new String[] {"alice", "bob", "carol"});
        }
        assertThat(bob.locator("#rooms li[data-room]")).hasCount(3);
        assertThat(bob.locator("#rooms li[data-room=design]")).hasAttribute("data-unread", "2");
        assertThat(bob.locator("#rooms li[data-room=design]")).hasClass(java.util.regex.Pattern.compile("\\bmentioned\\b"));
        assertThat(bob.locator("#rooms li[data-room='" + dm + "']")).hasAttribute("data-unread", "1");
        assertThat(bob).hasTitle("(3) #general · Parley");
        bob.setViewportSize(1200, 1000);
        bob.locator("#m-" + staging).hover(); // bob's own message, its controls showing
        bob.screenshot(new Page.ScreenshotOptions().setPath(screenshot("screenshot.png")));
        carol.screenshot(new Page.ScreenshotOptions().setPath(screenshot("screenshot-mobile.png")));
    }

    /** Picks {@code emoji} from the message's palette, and waits for the page to show it pressed. */
    static void react(Page page, String id, String emoji) {
        Locator message = page.locator("#m-" + id);
        message.locator("summary").click();
        message.locator("details.react button[value='" + emoji + "']").click();
        assertThat(message.locator(".reactions button[value='" + emoji + "']")).hasAttribute("aria-pressed", "true");
    }

    @Test
    void aLateJoinerSeesExactlyTheTwentyMessagesBeforeThemInOrder() {
        Client poster = server.signedIn("poster");
        IntStream.rangeClosed(1, 20).forEach(i -> poster.sayOk("backlog", "message " + i));
        Page late = person("late", "backlog");
        assertThat(late.locator("#messages .message")).hasCount(20);
        assertThat(texts(late)).isEqualTo(IntStream.rangeClosed(1, 20).mapToObj(i -> "message " + i).toList());
        assertThat(ids(late)).isEqualTo(serverIds("backlog"));
    }

    @Test
    void presenceDropsSomeoneWithinTheHeartbeatAfterTheirPageCloses() {
        Page alice = person("alice", "presence");
        Page bob = person("bob", "presence");
        assertThat(alice.locator("#presence li")).hasText(new String[] {"alice", "bob"});
        bob.context().close();
        contexts.remove(bob.context());
        // Within one heartbeat, plus the 100 ms presence updates are coalesced over and a little slack.
        assertThat(alice.locator("#presence li")).hasText(new String[] {"alice"},
                new LocatorAssertions.HasTextOptions().setTimeout(HEARTBEAT_MILLIS + 400));
    }

    @Test
    void withoutJavaScriptYouCanSignInReadAndPost() {
        server.signedIn("ann").sayOk("plain", "history from before");
        Page page = person("nojs", "plain", new Browser.NewContextOptions().setJavaScriptEnabled(false));
        assertThat(page.locator("#messages .message .text")).hasText(new String[] {"history from before"});
        page.locator("#compose textarea[name=text]").fill("posted without script");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send")).click();
        assertThat(page.locator("#messages .message .text"))
                .hasText(new String[] {"history from before", "posted without script"});
        String id = page.locator("#messages .message").last().getAttribute("data-message-id");
        assertThat(page).hasURL(server.url("/rooms/plain#m-" + id)); // back in the room, at the message
    }

    @Test
    void hostileTextShowsExactlyAsTypedAndRunsNothing() {
        Page alice = person("alice", "hostile");
        Page bob = person("bob", "hostile");
        List<String> typed = List.of(
                "<img src=x onerror=alert(1)>",
                "</li><script>alert(2)</script>",
                "x".repeat(2000),
                "emoji 👋🏽 🎉 ❤️‍🔥",
                "مرحبا بالعالم — שלום עולם",
                "line one\nline two\n\nline four",
                "\"quotes\" & 'apostrophes' &amp; &lt;b&gt;");
        for (String text : typed) {
            send(alice, text);
        }
        // As text, Markdown's way: a blank line starts a paragraph (one line break in the text content) and
        // entities typed as such are decoded; nothing else differs from what was typed.
        List<String> shown = typed.stream()
                .map(text -> text.replace("\n\n", "\n").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
                .toList();
        assertThat(bob.locator("#messages .message")).hasCount(typed.size());
        assertThat(texts(bob)).isEqualTo(shown);
        assertThat(texts(alice)).isEqualTo(shown);
        assertThat(bob.locator("#messages img, #messages script")).hasCount(0);
    }

    @Test
    void theMessageBoxKeepsTheSizeItWasDraggedToWhenAMessageIsSent() {
        Page page = person("resizer", "resize");
        Locator box = page.locator("#compose textarea");
        BoundingBox before = box.boundingBox();
        // Drag the box's resize handle, in its bottom right corner, 80 px down, as a person does.
        double handleX = before.x + before.width - 4;
        double handleY = before.y + before.height - 4;
        page.mouse().move(handleX, handleY);
        page.mouse().down();
        page.mouse().move(handleX, handleY + 80, new Mouse.MoveOptions().setSteps(8));
        page.mouse().up();
        double chosen = box.boundingBox().height;
        assertThat(chosen).as("height after the drag").isGreaterThan(before.height + 40);

        send(page, "first");
        send(page, "second");
        assertThat(page.locator("#messages .message")).hasCount(2);
        // Once the new form has settled (htmx's settle step is where the old box's size came back, or did not).
        assertThat(page.locator("#compose")).not().hasClass(Pattern.compile("htmx-settling"));
        assertThat(page.locator("#compose textarea")).isFocused();
        assertThat(box.boundingBox().height).as("height after sending").isCloseTo(chosen, within(1.0));
        // ...and no console error (a refused inline style is one): checked after every test.
    }

    @Test
    void onAPhoneTheRoomFitsTheScreenAndTheFormIsInReach() {
        Page page = person("phone", "mobile", new Browser.NewContextOptions().setViewportSize(390, 844));
        send(page, "w".repeat(2000)); // one unbroken line, the widest thing a message can be
        send(page, "short one");
        assertThat(page.locator("#messages .message")).hasCount(2);
        assertThat(page.locator("#compose textarea")).isInViewport();
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send"))).isInViewport();
        Object overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
        assertThat(((Number) overflow).intValue()).as("horizontal scroll in px").isLessThanOrEqualTo(0);
    }
}
