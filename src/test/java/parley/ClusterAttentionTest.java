package parley;

import static org.assertj.core.api.Assertions.assertThat;
import static parley.support.MessageChanges.posted;
import static parley.support.SidebarEvents.entryWith;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.EventStream;
import parley.support.Html;

/**
 * The sidebar and typing across two nodes: a post or mention on node A counts in the sidebar of bob's page on
 * node B (which has no stream of that room: B reads the room's changes for bob's sake); a read on A clears it
 * on B; someone typing on A is seen on B.
 */
class ClusterAttentionTest extends TwoNodes {

    @Test
    void aMentionOnOneNodeCountsInTheSidebarOnTheOtherAndAReadThereClearsIt() {
        Client alice = a.signedIn("alice");
        Client bobOnA = a.signedIn("bob");
        posted(alice, "news", "first");
        assertThat(bobOnA.get("/rooms/news").statusCode()).isEqualTo(200); // bob is a member, read up to here
        Client bob = b.signedIn("bob");
        posted(bob, "elsewhere", "bob's own room");
        try (EventStream bobsPage = bob.events("elsewhere")) {
            bobsPage.next("reset");
            long id = posted(alice, "news", "@bob look at this");
            String entry = entryWith(bobsPage, "news", "data-mentions", "1");
            assertThat(entry).contains("data-unread=\"1\"", "data-notice=\"" + id + "\"");

            assertThat(bobOnA.postForm("/rooms/news/read", Map.of("id", String.valueOf(id))).statusCode()).isEqualTo(204);
            entry = entryWith(bobsPage, "news", "data-unread", "0");
            assertThat(entry).contains("data-mentions=\"0\"");
        }
    }

    @Test
    void someoneTypingOnOneNodeIsSeenOnTheOther() {
        Client alice = a.signedIn("alice");
        Client bob = b.signedIn("bob");
        posted(alice, "chat", "hi");
        try (EventStream bobsPage = bob.events("chat")) {
            bobsPage.next("reset");
            assertThat(alice.postForm("/rooms/chat/typing", Map.of()).statusCode()).isEqualTo(204);
            assertThat(Html.text(bobsPage.next("typing", Duration.ofSeconds(5)).data())).isEqualTo("alice is typing…");
            posted(alice, "chat", "there");
            assertThat(Html.text(bobsPage.next("typing", Duration.ofSeconds(5)).data())).as("her message came").isEmpty();
        }
    }
}
