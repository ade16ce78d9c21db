package parley.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PageAssertions;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.support.TestServer;

/**
 * What tells a person where to look, in real browsers: the sidebar's counts and mention mark arriving live
 * while they are in another room, the title's count, the divider where they left off, who is typing, the
 * names offered after {@code @}, and a notification when the tab is hidden.
 */
class AttentionInTheBrowserTest extends BrowserTest {
    static final LocatorAssertions.HasClassOptions WITHIN_A_SECOND = new LocatorAssertions.HasClassOptions().setTimeout(1_000);

    /**
     * The page's visibility, under the test's control (a headless page is always visible), and every
     * notification it makes, recorded: installed before the page's own script runs.
     */
    static final String HIDEABLE_AND_RECORDED = """
            (() => {
              let hidden = false;
              Object.defineProperty(document, "hidden", { get: () => hidden });
              Object.defineProperty(document, "visibilityState", { get: () => hidden ? "hidden" : "visible" });
              window.__setHidden = (value) => { hidden = value; document.dispatchEvent(new Event("visibilitychange")); };
              window.__notifications = [];
              const Real = window.Notification;
              class Recorded extends Real {
                constructor(title, options) { super(title, options); window.__notifications.push({ title, body: options && options.body }); }
              }
              window.Notification = Recorded;
            })();
            """;

    @BeforeEach
    void startServer() {
        server = TestServer.start("--limits", "off");
    }

    static Locator entry(Page page, String room) {
        return page.locator("#rooms li[data-room='" + room + "']");
    }

    @Test
    void aMentionInAnotherRoomIsMarkedWithinASecondAndOpeningTheRoomShowsWhereTheReaderLeftOff() {
        Page alice = person("alice", "kitchen");
        Page bob = person("bob", "kitchen");
        send(bob, "hi from bob");
        alice.navigate(server.url("/rooms/garden"));
        send(alice, "the garden");
        bob.navigate(server.url("/rooms/garden"));
        bob.navigate(server.url("/rooms/kitchen")); // a member of both, in the kitchen
        assertThat(entry(bob, "garden")).hasAttribute("data-unread", "0");

        send(alice, "the roses are out");
        send(alice, "@bob come and see");
        assertThat(entry(bob, "garden")).hasClass(Pattern.compile("\\bmentioned\\b"), WITHIN_A_SECOND);
        assertThat(entry(bob, "garden")).hasAttribute("data-unread", "2");
        assertThat(entry(bob, "garden").locator("a")).hasText("#garden, 2 unread, mentioned");
        assertThat(bob).hasTitle(Pattern.compile("^\\(2\\) #kitchen · Parley$"));

        entry(bob, "garden").locator("a").click();
        assertThat(bob.locator("#messages .unread-divider")).isVisible();
        assertThat(bob.locator("#messages .unread-divider + li.message .text")).hasText("the roses are out");
        assertThat(bob.locator("#messages .mention.me")).hasText("@bob");
        assertThat(alice.locator("#messages .mention")).hasText("@bob");
        assertThat(alice.locator("#messages .mention.me")).hasCount(0);
        assertThat(bob).hasTitle("#garden · Parley");
        assertThat(entry(bob, "kitchen")).hasAttribute("data-unread", "0");
    }

    @Test
    void othersSeeWhoIsTypingUntilTheMessageArrives() {
        Page alice = person("alice", "porch");
        Page bob = person("bob", "porch");
        assertThat(bob.locator("#presence")).containsText("bob"); // his page's stream is open
        alice.locator("#compose-text").pressSequentially("hello th");
        assertThat(bob.locator("#typing")).hasText("alice is typing…");
        assertThat(alice.locator("#typing")).hasText("");
        alice.locator("#compose-text").pressSequentially("ere");
        alice.locator("#compose-text").press("Enter");
        assertThat(bob.locator("#messages .message .text").last()).hasText("hello there");
        assertThat(bob.locator("#typing")).hasText("");
    }

    @Test
    void typingAtOffersTheRoomsMembersAndTheKeyboardPutsTheNameIn() {
        send(person("alice", "hall"), "welcome to the hall"); // the room begins, and alice is its member
        person("albert", "hall");
        Page bob = person("bob", "hall");
        Locator box = bob.locator("#compose-text");
        box.pressSequentially("thanks @al");
        Locator options = bob.locator("#mention-options [role=option]");
        assertThat(options).hasText(new String[] {"albert", "alice"});
        assertThat(box).hasAttribute("aria-controls", "mention-options");
        assertThat(bob.locator("#mention-status")).hasText("2 people to mention");
        box.press("ArrowDown");
        assertThat(options.nth(1)).hasAttribute("aria-selected", "true");
        assertThat(box).hasAttribute("aria-activedescendant", options.nth(1).getAttribute("id"));
        box.press("Enter");
        assertThat(box).hasValue("thanks @alice ");
        assertThat(bob.locator("#mention-options")).isHidden();
        box.pressSequentially("see you");
        box.press("Enter");
        assertThat(bob.locator("#messages .message .text").last().locator(".mention")).hasText("@alice");
    }

    @Test
    void aHiddenTabIsNotifiedOfAMentionAndReadsNothingUntilItIsSeen() {
        Browser.NewContextOptions notifying = new Browser.NewContextOptions().setPermissions(List.of("notifications"));
        Page alice = person("alice", "cellar");
        send(alice, "the cellar");
        alice.navigate(server.url("/rooms/attic"));
        send(alice, "the attic");
        Page bob = newPage("bob", notifying);
        bob.addInitScript(HIDEABLE_AND_RECORDED);
        bob.navigate(server.url("/rooms/attic"));
        signUp(bob, "bob");
        assertThat(bob).hasURL(server.url("/rooms/attic"));
        assertThat(bob.locator("#notifications")).isHidden(); // granted already: nothing to ask
        Page bobElsewhere = bob.context().newPage(); // his other tab, in another room
        bobElsewhere.navigate(server.url("/rooms/cellar"));
        assertThat(entry(bobElsewhere, "attic")).hasAttribute("data-unread", "0");

        bob.evaluate("window.__setHidden(true)");
        send(alice, "just chatting");
        send(alice, "@bob are you around?");
        assertThat(bob.locator("#messages .message .text").last()).hasText("@bob are you around?");
        assertThat(bob).hasTitle(Pattern.compile("^\\(2\\) "), new PageAssertions.HasTitleOptions().setTimeout(5_000));
        Object notified = bob.evaluate("window.__notifications");
        org.assertj.core.api.Assertions.assertThat(notified.toString()).contains("alice: @bob are you around?")
                .doesNotContain("just chatting"); // "mentions" is the default in a room: only those notify

        assertThat(entry(bobElsewhere, "attic")).hasAttribute("data-unread", "2"); // a hidden tab reads nothing

        bob.evaluate("window.__setHidden(false)");
        assertThat(bob).hasTitle("#attic · Parley");
        // Seen now: read up to the newest message, and his other tab is told.
        assertThat(entry(bobElsewhere, "attic")).hasAttribute("data-unread", "0");
    }
}
