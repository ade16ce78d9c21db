package parley.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.Html;
import parley.support.TestServer;

/**
 * Editing, deleting and reacting to messages in real browsers: what the person doing it sees, what everyone
 * else in the room sees live, what a page that was cut off sees when it is back, and the same without script.
 */
class MessageChangesInTheBrowserTest extends BrowserTest {
    static final String CONFIRM_DELETE = "Delete this message for everyone?";
    static final LocatorAssertions.HasTextOptions AFTER_RECONNECT = new LocatorAssertions.HasTextOptions().setTimeout(15_000);

    /** Set while a test cuts streams on purpose: the failed reconnects are the outage, not a fault. */
    volatile boolean outage;

    @BeforeEach
    void startServer() {
        // About changes, not limits (LimitsTest): one test posts 130 messages in a row. A short heartbeat and
        // retry, so a cut stream is noticed, and comes back, within seconds.
        server = TestServer.start("--limits", "off", "--heartbeat", "2s", "--retry", "1s");
        confirmations.add(CONFIRM_DELETE);
    }

    @Override
    boolean expectedOutageError(String text) {
        // As in ReconnectInTheBrowserTest, and the stream requests bob's network fails (net::ERR_FAILED).
        return outage && (text.contains("net::ERR_CONNECTION_REFUSED") || text.contains("net::ERR_FAILED")
                || text.startsWith("Failed to load resource: the server responded with a status of 503")
                || text.equals("[object Event]"));
    }

    @Test
    void anEditShowsLiveForEveryoneAndEscapeCancelsOne() {
        Page alice = person("alice", "edits");
        Page bob = person("bob", "edits");
        String id = say(alice, "teh first draft");
        say(alice, "and a second message");
        assertThat(message(bob, id).locator(".text")).hasText("teh first draft");
        sameDocument(alice, bob);

        // Edit, the new text, Enter: the message is saved in place.
        message(alice, id).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Edit")).click();
        Locator box = message(alice, id).locator("textarea");
        assertThat(box).isFocused();
        assertThat(box).hasValue("teh first draft");
        box.fill("the first draft");
        box.press("Enter");
        Locator edit = message(alice, id).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Edit"));
        assertThat(edit).isFocused(); // saved: the focus is back on the message, not at the page's top
        for (Page page : List.of(alice, bob)) {
            assertThat(message(page, id).locator(".text")).hasText("the first draft");
            assertThat(message(page, id).locator(".edited-mark")).hasText("(edited)");
            assertThat(message(page, id)).hasClass(Pattern.compile("\\bedited\\b"));
        }

        // The edited message's own controls still work: edit it again, with the Save button this time.
        message(alice, id).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Edit")).click();
        message(alice, id).locator("textarea").fill("the final draft");
        message(alice, id).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save")).click();
        assertThat(message(bob, id).locator(".text")).hasText("the final draft");
        assertThat(message(alice, id).locator(".text")).hasText("the final draft");

        // Escape gives up an edit: nothing is sent, and the message is back as it was.
        message(alice, id).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Edit")).click();
        box = message(alice, id).locator("textarea");
        box.fill("never sent");
        box.press("Escape");
        assertThat(message(alice, id).locator("textarea")).hasCount(0);
        assertThat(message(alice, id).locator(".text")).hasText("the final draft");
        assertThat(edit).isFocused();
        assertThat(message(bob, id).locator(".text")).hasText("the final draft");

        for (Page page : List.of(alice, bob)) {
            assertThat(texts(page)).containsExactly("the final draft", "and a second message");
            assertThat(ids(page)).isEqualTo(serverIds("edits"));
            assertStillSameDocument(page);
        }
    }

    @Test
    void aDeletedMessageGoesFromEveryPageLive() {
        Page alice = person("alice", "deletes");
        Page bob = person("bob", "deletes");
        String wrong = say(alice, "oops, wrong room");
        String kept = say(alice, "this one stays");
        assertThat(message(bob, kept)).isVisible();
        // One run of alice's: the second message shows no name of its own.
        assertThat(message(bob, kept)).hasClass(Pattern.compile("\\bgrouped\\b"));
        sameDocument(alice, bob);

        message(alice, wrong).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete")).click();
        for (Page page : List.of(alice, bob)) {
            assertThat(message(page, wrong)).hasCount(0);
            assertThat(texts(page)).containsExactly("this one stays");
            // It begins the run now, so it shows its author's name again.
            assertThat(message(page, kept)).not().hasClass(Pattern.compile("\\bgrouped\\b"));
            assertStillSameDocument(page);
        }
        assertThat(confirmed).containsExactly("alice: " + CONFIRM_DELETE);
        // Alice's focus was on Delete, which went with the message: it is in the message box, not at the page's top.
        assertThat(alice.locator("#compose textarea")).isFocused();
        assertThat(serverIds("deletes")).containsExactly(kept);
    }

    @Test
    void aReactionFromTheKeyboardShowsLiveWithWhoReactedAndTogglesOff() {
        Page alice = person("alice", "reactions");
        Page bob = person("bob", "reactions");
        String id = say(alice, "Lunch at noon?");
        assertThat(message(bob, id).locator(".text")).hasText("Lunch at noon?");

        // Bob, on the keyboard only: from the message's time (a link) Tab reaches React; Enter opens the palette,
        // Tab reaches its first emoji and Space picks it.
        message(bob, id).locator("a.permalink").focus();
        bob.keyboard().press("Tab");
        Locator react = message(bob, id).locator("summary");
        assertThat(react).isFocused();
        assertThat(react).hasText("React");
        bob.keyboard().press("Enter");
        assertThat(message(bob, id).locator("details.react")).hasAttribute("open", "");
        bob.keyboard().press("Tab");
        assertThat(message(bob, id).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("thumbs up")))
                .isFocused();
        bob.keyboard().press("Space");

        Locator onBobs = message(bob, id).locator(".reactions button");
        Locator onAlices = message(alice, id).locator(".reactions button");
        for (Locator reaction : List.of(onBobs, onAlices)) {
            assertThat(reaction).hasText("👍 1");
            assertThat(reaction).hasAttribute("title", "bob");
        }
        assertThat(onBobs).hasAttribute("aria-pressed", "true");
        assertThat(onAlices).hasAttribute("aria-pressed", "false");
        assertThat(onBobs).isFocused(); // the keyboard is where the reaction is, not thrown back to the page's top

        // Pressing his reaction again takes it back, on every page; the focus stays in the message.
        onBobs.click();
        assertThat(message(bob, id).locator(".reactions")).hasCount(0);
        assertThat(message(alice, id).locator(".reactions")).hasCount(0);
        assertThat(react).isFocused();

        // Both react: each page marks only its own reader's as pressed, and all agree on the count and the names.
        message(alice, id).locator("summary").click();
        message(alice, id).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("thumbs up")).click();
        assertThat(onBobs).hasText("👍 1");
        assertThat(onBobs).hasAttribute("aria-pressed", "false");
        onBobs.click();
        for (Locator reaction : List.of(onBobs, onAlices)) {
            assertThat(reaction).hasText("👍 2");
            assertThat(reaction).hasAttribute("title", "alice, bob");
            assertThat(reaction).hasAttribute("aria-pressed", "true");
        }
        // Alice takes hers back while bob is on the reaction: his page changes under him, his focus stays.
        assertThat(onBobs).isFocused();
        onAlices.click();
        for (Locator reaction : List.of(onBobs, onAlices)) {
            assertThat(reaction).hasText("👍 1");
            assertThat(reaction).hasAttribute("title", "bob");
        }
        assertThat(onBobs).hasAttribute("aria-pressed", "true");
        assertThat(onAlices).hasAttribute("aria-pressed", "false");
        assertThat(onBobs).isFocused();
    }

    @Test
    void messagesThatArriveLiveGetTheControlsTheirReaderMayUse() {
        Page alice = person("alice", "controls"); // the first account: an admin
        Page bob = person("bob", "controls");
        String hers = say(alice, "arrived over the stream");
        assertThat(message(bob, hers)).isVisible();
        String his = say(bob, "so did this");
        for (Page page : List.of(alice, bob)) {
            assertThat(message(page, hers).locator(".text")).hasText("arrived over the stream");
            assertThat(message(page, his).locator(".text")).hasText("so did this");
        }

        // Everyone may react; only the author edits; the author and an admin delete.
        assertThat(message(bob, hers).locator("summary")).hasText("React");
        assertThat(message(bob, hers).locator("a.edit")).hasCount(0);
        assertThat(message(bob, hers).locator("form.delete")).hasCount(0);
        assertThat(message(bob, his).locator("a.edit")).hasAttribute("href", "/rooms/controls/messages/" + his + "/edit");
        assertThat(message(bob, his).locator("form.delete")).hasAttribute("action", "/rooms/controls/messages/" + his + "/delete");
        assertThat(message(alice, hers).locator("a.edit")).hasAttribute("href", "/rooms/controls/messages/" + hers + "/edit");
        assertThat(message(alice, his).locator("summary")).hasText("React");
        assertThat(message(alice, his).locator("a.edit")).hasCount(0);
        assertThat(message(alice, his).locator("form.delete")).hasAttribute("action", "/rooms/controls/messages/" + his + "/delete");
        for (Page page : List.of(alice, bob)) {
            assertThat(page.locator("#messages .controls")).hasCount(2); // one set each, none twice
        }

        // And they work on the right message: bob reacts to alice's, alice edits hers.
        message(bob, hers).locator("summary").click();
        message(bob, hers).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("party popper")).click();
        assertThat(message(alice, hers).locator(".reactions button")).hasText("🎉 1");
        message(alice, hers).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Edit")).click();
        message(alice, hers).locator("textarea").fill("arrived over the stream, and edited");
        message(alice, hers).locator("textarea").press("Enter");
        for (Page page : List.of(alice, bob)) {
            assertThat(message(page, hers).locator(".text")).hasText("arrived over the stream, and edited");
            assertThat(message(page, hers).locator(".reactions button")).hasText("🎉 1"); // an edit keeps reactions
            assertThat(message(page, his).locator(".text")).hasText("so did this");
        }
        assertThat(message(bob, hers).locator(".reactions button")).hasAttribute("aria-pressed", "true");
        assertThat(message(alice, hers).locator(".reactions button")).hasAttribute("aria-pressed", "false");
    }

    /**
     * Bob's stream is cut while he reads far back; alice edits one message, deletes another and reacts to a
     * third. Back online, bob's page shows all three, exactly once each, and he is still where he was reading.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aPageCutOffWhileMessagesChangeCatchesUpWithoutLosingItsPlace() {
        Page alice = person("alice", "outage");
        Client alicesOtherDevice = server.signedIn("alice");
        IntStream.rangeClosed(1, 130).forEach(i -> alicesOtherDevice.sayOk("outage", "m" + i));
        Page bob = person("bob", "outage");
        Locator bobsMessages = bob.locator("#messages .message");
        assertThat(bobsMessages).hasCount(100);
        // Bob scrolls up: the 30 older messages come in above the one he was reading; up again, to the beginning.
        bob.locator("#messages").evaluate("list => list.scrollTop = 0");
        assertThat(bobsMessages).hasCount(130);
        bob.locator("#messages").evaluate("list => list.scrollTop = 0");
        assertThat(bob.locator("#messages .beginning")).isInViewport();
        double scrolled = ((Number) bob.locator("#messages").evaluate("list => list.scrollTop")).doubleValue();
        double firstTop = firstMessageTop(bob);
        assertThat(alice.locator("#messages .message")).hasCount(130);
        sameDocument(bob);

        // Bob's network drops his stream and lets no new one through; the server restarts, which cuts every
        // stream, and alice's page reconnects by itself. Alice sees who is here: herself alone.
        outage = true;
        AtomicInteger refused = new AtomicInteger();
        bob.route("**/rooms/outage/events**", route -> {
            refused.incrementAndGet();
            route.abort();
        });
        server.restart();
        assertThat(alice.locator("#presence li")).hasText(new String[] {"alice"}, new LocatorAssertions.HasTextOptions().setTimeout(15_000));
        bob.waitForCondition(() -> refused.get() > 0, new Page.WaitForConditionOptions().setTimeout(15_000)); // he tried

        String edited = idOf(alice, "m128");
        String deleted = idOf(alice, "m129");
        String reacted = idOf(alice, "m130");
        message(alice, edited).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Edit")).click();
        message(alice, edited).locator("textarea").fill("m128, edited while bob was away");
        message(alice, edited).locator("textarea").press("Enter");
        message(alice, deleted).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete")).click();
        message(alice, reacted).locator("summary").click();
        message(alice, reacted).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("eyes")).click();
        assertThat(message(alice, edited).locator(".text")).hasText("m128, edited while bob was away");
        assertThat(message(alice, deleted)).hasCount(0);
        assertThat(message(alice, reacted).locator(".reactions button")).hasText("👀 1");
        // Nothing reached bob's page meanwhile: it had no stream to come over.
        assertThat(message(bob, edited).locator(".text")).hasText("m128");
        assertThat(message(bob, deleted)).hasCount(1);

        bob.unrouteAll(); // bob's network is back
        assertThat(alice.locator("#presence li")).hasText(new String[] {"alice", "bob"}, new LocatorAssertions.HasTextOptions().setTimeout(15_000));
        assertThat(message(bob, edited).locator(".text")).hasText("m128, edited while bob was away", AFTER_RECONNECT);
        assertThat(message(bob, edited).locator(".edited-mark")).hasText("(edited)");
        assertThat(message(bob, deleted)).hasCount(0, new LocatorAssertions.HasCountOptions().setTimeout(15_000));
        assertThat(message(bob, reacted).locator(".reactions button")).hasText("👀 1", AFTER_RECONNECT);
        assertThat(message(bob, reacted).locator(".reactions button")).hasAttribute("aria-pressed", "false");
        assertThat(message(bob, reacted).locator(".reactions button")).hasAttribute("title", "alice");

        // Caught up in place, not reset: every message from the beginning still there, each once, and bob
        // still reading where he was.
        assertThat(bobsMessages).hasCount(129);
        List<String> liIds = (List<String>) bob.locator("#messages li[id]").evaluateAll("els => els.map(e => e.id)");
        assertThat(new HashSet<>(liIds)).as("li ids, each once").hasSameSizeAs(liIds);
        assertThat(ids(bob)).isEqualTo(ids(alice)).hasSize(129);
        assertThat(bob.locator("#messages .beginning")).isInViewport();
        assertThat(texts(bob).getFirst()).isEqualTo("m1");
        assertThat(((Number) bob.locator("#messages").evaluate("list => list.scrollTop")).doubleValue())
                .as("scrollTop").isCloseTo(scrolled, within(2.0));
        assertThat(firstMessageTop(bob)).as("where m1 is on screen").isCloseTo(firstTop, within(2.0));
        assertStillSameDocument(bob);
    }

    /**
     * A page shows the newest 100 messages: a change to an older one is not for it yet (and must not trouble it);
     * scrolled up, it loads that message as it is now.
     */
    @Test
    void changesToMessagesAPageDoesNotShowWaitUntilItLoadsThem() {
        Client alice = server.signedIn("alice");
        IntStream.rangeClosed(1, 130).forEach(i -> alice.sayOk("long", "m" + i));
        Page bob = person("bob", "long");
        assertThat(bob.locator("#messages .message")).hasCount(100);
        assertThat(texts(bob).getFirst()).isEqualTo("m31");
        List<String> all = serverIdsFromTheBeginning(alice, "long");
        String m5 = all.get(4);
        String m6 = all.get(5);
        String m130 = all.get(129);

        change(alice, "long", m5, "m5, edited");
        change(alice, "long", m6, null);
        change(alice, "long", m130, "m130, edited");
        // The stream brings changes in order: once the last is shown, the two before it have come and gone.
        assertThat(message(bob, m130).locator(".text")).hasText("m130, edited");
        assertThat(bob.locator("#messages .message")).hasCount(100);

        bob.locator("#messages").evaluate("list => list.scrollTop = 0");
        assertThat(bob.locator("#messages .message")).hasCount(129);
        assertThat(message(bob, m5).locator(".text")).hasText("m5, edited");
        assertThat(message(bob, m5).locator(".edited-mark")).hasText("(edited)");
        assertThat(message(bob, m6)).hasCount(0);
        // ...and no console error on the way (checked after every test).
    }

    @Test
    void withoutJavaScriptEditReactAndDeleteEachLandOnTheResult() {
        Page page = person("nojs", "plain", new Browser.NewContextOptions().setJavaScriptEnabled(false));
        page.locator("#compose textarea[name=text]").fill("posted without script, with a tpyo");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send")).click();
        Locator mine = page.locator("#messages .message").last();
        assertThat(mine.locator(".text")).hasText("posted without script, with a tpyo");
        String id = mine.getAttribute("data-message-id");

        // Edit: a page of its own, then back at the message.
        message(page, id).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Edit")).click();
        assertThat(page).hasURL(server.url("/rooms/plain/messages/" + id + "/edit"));
        assertThat(page.locator("h1")).hasText("Edit your message in #plain");
        Locator box = page.getByLabel("Edit your message");
        assertThat(box).hasValue("posted without script, with a tpyo");
        box.fill("posted without script, typo fixed");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save")).click();
        assertThat(page).hasURL(server.url("/rooms/plain/messages/" + id));
        assertThat(message(page, id).locator(".text")).hasText("posted without script, typo fixed");
        assertThat(message(page, id).locator(".edited-mark")).hasText("(edited)");

        // React: the palette opens without script (details), a choice is a form's button.
        message(page, id).locator("summary").click();
        message(page, id).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("red heart")).click();
        assertThat(page).hasURL(server.url("/rooms/plain/messages/" + id));
        Locator reaction = message(page, id).locator(".reactions button");
        assertThat(reaction).hasText("❤️ 1");
        assertThat(reaction).hasAttribute("aria-pressed", "true");
        assertThat(reaction).hasAttribute("title", "nojs");
        reaction.click();
        assertThat(message(page, id).locator(".reactions")).hasCount(0);
        assertThat(message(page, id).locator(".text")).hasText("posted without script, typo fixed");

        // Delete: no confirmation without script; back in the room, without the message.
        message(page, id).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete")).click();
        assertThat(page).hasURL(server.url("/rooms/plain"));
        assertThat(page.locator("#messages .beginning")).hasText("This is the beginning of #plain");
        assertThat(page.locator("#messages .message")).hasCount(0);
        assertThat(confirmed).isEmpty();
    }

    /** Edits message {@code id} to {@code text} (deletes it: null) as the client's person, the way a page's htmx does. */
    static void change(Client client, String room, String id, String text) {
        var response = text == null
                ? client.postForm("/rooms/" + room + "/messages/" + id + "/delete", java.util.Map.of(), "HX-Request", "true")
                : client.postForm("/rooms/" + room + "/messages/" + id, java.util.Map.of("text", text), "HX-Request", "true");
        assertThat(response.statusCode()).as("change %s: %s", id, response.body()).isEqualTo(200);
    }

    /** Every message id of the room, oldest first, read page by page as the "Older messages" link does. */
    static List<String> serverIdsFromTheBeginning(Client client, String room) {
        List<Long> ids = new java.util.ArrayList<>();
        long before = Long.MAX_VALUE;
        while (true) {
            List<Long> page = Html.messageIds(client.get("/rooms/" + room + "?before=" + before).body());
            if (page.isEmpty()) {
                return ids.stream().map(String::valueOf).toList();
            }
            ids.addAll(0, page);
            before = page.getFirst();
        }
    }

    static Locator message(Page page, String id) {
        return page.locator("#m-" + id);
    }

    /** The id of the message on the page whose text is exactly {@code text}. */
    static String idOf(Page page, String text) {
        Locator found = page.locator("#messages .message").filter(new Locator.FilterOptions()
                .setHas(page.locator(".text").getByText(text, new Locator.GetByTextOptions().setExact(true))));
        assertThat(found).hasCount(1);
        return found.getAttribute("data-message-id");
    }

    static double firstMessageTop(Page page) {
        return ((Number) page.locator("#messages .message").first().evaluate("m => m.getBoundingClientRect().top")).doubleValue();
    }

    /** Marks each page's document, so a test can tell later that what it saw came without a reload. */
    static void sameDocument(Page... pages) {
        for (Page page : pages) {
            page.evaluate("() => { window.notReloaded = true; }");
        }
    }

    static void assertStillSameDocument(Page page) {
        assertThat(page.evaluate("() => window.notReloaded === true")).as("the page was not reloaded").isEqualTo(true);
    }
}
