package parley.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.support.Poll;
import parley.support.TestServer;

/**
 * Who is here, as people see it in Chromium (design invariant 9): someone who closes their page, closes their
 * browser or opens another page in its tab is gone from everyone else's "Here now" within 2 s. The
 * heartbeat is 20 s, so that is not a ping failing: it is the closed connection, or the page saying it goes.
 */
class PresenceInTheBrowserTest extends BrowserTest {
    static final Duration WITHIN = Duration.ofSeconds(2);

    @BeforeEach
    void startServer() {
        // A long retry too: a page whose stream was ended does not come back while a test watches it leave.
        server = TestServer.start("--heartbeat", "20s", "--retry", "20s", "--limits", "off");
    }

    @Test
    void aClosedPageLeavesTheOthersListAtOnce() {
        Page alice = person("alice", "closing");
        Page bob = person("bob", "closing");
        assertThat(present(alice, List.of("alice", "bob"))).containsExactly("alice", "bob");
        long closed = System.nanoTime();
        bob.close(); // runs pagehide, as a person closing the tab does
        assertThat(present(alice, List.of("alice"))).containsExactly("alice");
        print("left: page closed", closed);
    }

    @Test
    void aClosedBrowserLeavesTheOthersListAtOnce() {
        Page alice = person("alice", "quitting");
        Page bob = person("bob", "quitting");
        assertThat(present(alice, List.of("alice", "bob"))).containsExactly("alice", "bob");
        long closed = System.nanoTime();
        bob.context().close(); // the whole browser profile, every page in it
        contexts.remove(bob.context());
        assertThat(present(alice, List.of("alice"))).containsExactly("alice");
        print("left: browser closed", closed);
    }

    @Test
    void aClosedPageLeavesAtOnceEvenWhenItCannotSaySo() {
        Page alice = person("alice", "unsaid");
        Page bob = person("bob", "unsaid");
        // A browser without sendBeacon: only the closed connection tells the server. (Playwright's routes do
        // not see beacons, so the page is loaded again without the function instead.)
        bob.context().addInitScript("delete Navigator.prototype.sendBeacon");
        bob.reload();
        assertThat(bob.evaluate("typeof navigator.sendBeacon")).isEqualTo("undefined");
        assertThat(present(alice, List.of("alice", "bob"))).containsExactly("alice", "bob");
        assertThat(present(bob, List.of("alice", "bob"))).containsExactly("alice", "bob");
        long closed = System.nanoTime();
        bob.close();
        assertThat(present(alice, List.of("alice"))).containsExactly("alice");
        print("left: page closed, no beacon (the connection's close alone)", closed);
    }

    @Test
    void aPageThatSaysItIsGoingLeavesBeforeItsConnectionCloses() {
        Page alice = person("alice", "saying");
        Page bob = person("bob", "saying");
        assertThat(present(alice, List.of("alice", "bob"))).containsExactly("alice", "bob");
        assertThat(present(bob, List.of("alice", "bob"))).containsExactly("alice", "bob");
        long said = System.nanoTime();
        // What the browser does as the page goes, while the page and its connection stay: the beacon alone.
        bob.evaluate("window.dispatchEvent(new PageTransitionEvent('pagehide'))");
        assertThat(present(alice, List.of("alice"))).containsExactly("alice");
        print("left: the page's beacon alone (its connection still open)", said);
    }

    @Test
    void openingAnotherRoomInTheTabLeavesTheFirstAtOnce() {
        Page alice = person("alice", "first");
        Page bob = person("bob", "first");
        assertThat(present(alice, List.of("alice", "bob"))).containsExactly("alice", "bob");
        long moved = System.nanoTime();
        bob.navigate(server.url("/rooms/second"));
        assertThat(present(alice, List.of("alice"))).containsExactly("alice");
        print("left: another room opened in the tab", moved);
        assertThat(present(bob, List.of("bob"))).containsExactly("bob");
    }

    @Test
    void someoneWhoArrivesIsShownAtOnce() {
        Page alice = person("alice", "arriving");
        assertThat(present(alice, List.of("alice"))).containsExactly("alice");
        long arrived = System.nanoTime();
        person("bob", "arriving");
        assertThat(present(alice, List.of("alice", "bob"))).containsExactly("alice", "bob");
        print("joined: shown (from sign-up and the room page's load)", arrived);
    }

    /** The names the page's "Here now" shows, once they are {@code expected} or when 2 s have passed. */
    static List<String> present(Page page, List<String> expected) {
        return Poll.until(() -> page.locator("#presence li").allTextContents(), expected::equals, WITHIN);
    }

    static void print(String what, long sinceNanos) {
        System.out.printf("presence in Chromium: %s, after %d ms%n", what, (System.nanoTime() - sinceNanos) / 1_000_000);
    }
}
