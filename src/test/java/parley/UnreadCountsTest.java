package parley;

import static org.assertj.core.api.Assertions.assertThat;
import static parley.support.MessageChanges.HTMX;
import static parley.support.MessageChanges.posted;
import static parley.support.SidebarEvents.attribute;
import static parley.support.SidebarEvents.entryWith;
import static parley.support.SidebarEvents.nextEntry;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.EventStream;
import parley.support.EventStream.Event;
import parley.support.MessageChanges;
import parley.support.TestServer;

/**
 * What is unread, live: each room's count and mention mark in the sidebar, sent to the person's open page of
 * another room as {@code event: rooms} (one entry, swapped in place), cleared by reading the room, and shown on
 * the pages themselves (the counts, the title, the divider above the first unread message).
 */
class UnreadCountsTest {
    static TestServer server;
    static Client ann;
    static Client bob;
    static final AtomicInteger rooms = new AtomicInteger();

    @BeforeAll
    static void start() {
        server = TestServer.start("--limits", "off");
        ann = server.signedIn("ann");
        bob = server.signedIn("bob");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A fresh room both have opened (so both are members), with a first message, and bob's stream of another. */
    static String room() {
        String room = "unread-" + rooms.incrementAndGet();
        posted(ann, room, "welcome");
        assertThat(bob.get("/rooms/" + room).statusCode()).isEqualTo(200);
        return room;
    }

    static EventStream elsewhere(Client client) {
        String other = "elsewhere-" + rooms.incrementAndGet();
        posted(client, other, "here I am");
        EventStream stream = client.events(other);
        stream.next("reset");
        return stream;
    }

    @Test
    void aPostInAnotherRoomCountsInTheSidebarOfEveryOpenPageAndReadingClearsIt() {
        String room = room();
        try (EventStream bobElsewhere = elsewhere(bob)) {
            posted(ann, room, "one");
            String entry = nextEntry(bobElsewhere, room);
            assertThat(entry).startsWith("<li id=\"room-" + room + "\"").contains("data-hx-swap-oob=\"true\"");
            assertThat(attribute(entry, "data-unread")).isEqualTo("1");
            assertThat(attribute(entry, "data-mentions")).isEqualTo("0");
            assertThat(entry).contains("1 unread").doesNotContain("data-notice=");

            long two = posted(ann, room, "two");
            assertThat(attribute(nextEntry(bobElsewhere, room), "data-unread")).isEqualTo("2");

            // Bob's own posts are not news to him.
            posted(bob, room, "mine");
            HttpResponse<String> read = bob.postForm("/rooms/" + room + "/read", Map.of("id", String.valueOf(two)));
            assertThat(read.statusCode()).isEqualTo(204);
            assertThat(attribute(nextEntry(bobElsewhere, room), "data-unread")).isEqualTo("0");
        }
    }

    @Test
    void aMentionIsMarkedCountedAndNotifiedAndAnEditThatTakesItBackUnmarksIt() {
        String room = room();
        try (EventStream bobElsewhere = elsewhere(bob)) {
            long id = posted(ann, room, "@bob, have a look");
            String entry = nextEntry(bobElsewhere, room);
            assertThat(attribute(entry, "data-mentions")).isEqualTo("1");
            assertThat(entry).contains("class=\"unread mentioned\"", "1 unread, mentioned");
            assertThat(attribute(entry, "data-notice")).as("worth a notification").isEqualTo(String.valueOf(id));
            assertThat(attribute(entry, "data-notice-text")).isEqualTo("@bob, have a look");

            // The message marks the mention for everyone (the same bytes), with whom it names.
            String page = ann.get("/rooms/" + room).body();
            assertThat(page).contains("<span class=\"mention\" data-mention=\"bob\">@bob</span>, have a look");
            assertThat(bob.get("/rooms/" + room + "/messages/" + id).body())
                    .as("a page marks the reader's own mentions").contains("<span class=\"mention me\" data-mention=\"bob\">@bob</span>");

            HttpResponse<String> edited = MessageChanges.edit(ann, room, id, "have a look, anyone", HTMX);
            assertThat(edited.statusCode()).isEqualTo(200);
            entry = nextEntry(bobElsewhere, room);
            assertThat(attribute(entry, "data-mentions")).isEqualTo("0");
            assertThat(attribute(entry, "data-unread")).as("still unread").isEqualTo("1");

            MessageChanges.edit(ann, room, id, "have a look, @BOB", HTMX);
            assertThat(attribute(nextEntry(bobElsewhere, room), "data-mentions")).as("a look-alike of the name is it").isEqualTo("1");

            MessageChanges.delete(ann, room, id, HTMX);
            entry = nextEntry(bobElsewhere, room);
            assertThat(attribute(entry, "data-unread")).as("a deleted message is not unread").isEqualTo("0");
            assertThat(attribute(entry, "data-mentions")).isEqualTo("0");
        }
    }

    @Test
    void aNameThatIsNoMemberOfTheRoomOrNobodysIsPlainText() {
        String room = room();
        Client cid = server.signedIn("cid"); // has an account, but never opened the room
        long id = posted(ann, room, "@cid and @nobody and ann@example.com");
        String page = ann.get("/rooms/" + room + "/messages/" + id).body();
        assertThat(page).contains("@cid and @nobody and").doesNotContain("class=\"mention\"", "class=\"mention me\"");
        assertThat(cid.get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void openingTheRoomShowsTheDividerAboveTheFirstUnreadMessageAndReadsIt() {
        String room = room();
        try (EventStream bobElsewhere = elsewhere(bob)) {
            long first = posted(ann, room, "first unread");
            posted(ann, room, "second unread");
            entryWith(bobElsewhere, room, "data-unread", "2");
            assertThat(bob.get("/").body()).as("another page shows the count and says it in the title")
                    .contains("data-room=\"" + room + "\" data-unread=\"2\"").containsPattern("<title>\\([1-9][0-9]*\\) ");

            String page = bob.get("/rooms/" + room).body();
            assertThat(page).containsPattern("<li class=\"unread-divider\" id=\"unread\">[^<]*</li>\\s*<li id=\"m-" + first + "\"");
            assertThat(page).as("the room shown has no count of its own").contains("data-room=\"" + room + "\" data-unread=\"0\"");
            assertThat(attribute(nextEntry(bobElsewhere, room), "data-unread")).as("opening it read it").isEqualTo("0");
            assertThat(bob.get("/rooms/" + room).body()).doesNotContain("unread-divider");
        }
    }

    @Test
    void readingBackOrWithAnotherRoomsIdOrAFutureOneChangesNothing() {
        String room = room();
        String other = room();
        long otherId = posted(ann, other, "elsewhere");
        long earlier = posted(ann, room, "earlier");
        long id = posted(ann, room, "unread");
        try (EventStream bobElsewhere = elsewhere(bob)) {
            for (String bad : new String[] {String.valueOf(otherId), String.valueOf(id + 1_000_000), "-1", "x", ""}) {
                HttpResponse<String> read = bob.postForm("/rooms/" + room + "/read", Map.of("id", bad));
                assertThat(read.statusCode()).as(bad).isEqualTo(422);
                assertThat(read.body()).contains("not a message of #" + room);
            }
            assertThat(bob.get("/").body()).contains("data-room=\"" + room + "\" data-unread=\"2\"");
            assertThat(bob.postForm("/rooms/" + room + "/read", Map.of("id", String.valueOf(id))).statusCode()).isEqualTo(204);
            assertThat(bob.postForm("/rooms/" + room + "/read", Map.of("id", String.valueOf(earlier))).statusCode())
                    .as("reading back is no error, and no change").isEqualTo(204);
            assertThat(bob.get("/").body()).contains("data-room=\"" + room + "\" data-unread=\"0\"");
        }
        Client eve = server.signedIn("eve");
        String secret = "unread-private-" + rooms.incrementAndGet();
        ann.postForm("/rooms", Map.of("name", secret, "kind", "private"));
        long secretId = posted(ann, secret, "secret");
        HttpResponse<String> probe = eve.postForm("/rooms/" + secret + "/read", Map.of("id", String.valueOf(secretId)));
        assertThat(probe.statusCode()).as("a room eve may not read").isEqualTo(404);
        assertThat(probe.body()).contains("No such room");
    }

    @Test
    void aRoomThatJoinsTheListArrivesWithTheWholeListAndItsNewsAfterIt() {
        Client dee = server.signedIn("dee");
        try (EventStream deeElsewhere = elsewhere(dee)) {
            HttpResponse<String> direct = ann.postForm("/direct", Map.of("name", "dee"));
            assertThat(direct.statusCode()).isEqualTo(303);
            String dm = direct.headers().firstValue("Location").orElseThrow().substring("/rooms/".length());
            Event list = deeElsewhere.next(e -> "rooms".equals(e.type()) && e.data().startsWith("<ul id=\"rooms\""),
                    Duration.ofSeconds(5));
            assertThat(list.data()).contains("data-hx-swap-oob=\"true\"", "id=\"room-" + dm + "\"", ">ann<");
            ann.sayOk(dm, "hello dee");
            String entry = entryWith(deeElsewhere, dm, "data-unread", "1");
            assertThat(attribute(entry, "data-notice-text")).as("everything in a direct room is worth a notice")
                    .isEqualTo("hello dee");
        }
    }

    @Test
    void aMutedRoomStillCountsButIsGreyedAndNeverNotifies() {
        String room = room();
        HttpResponse<String> muted = bob.postForm("/rooms/" + room + "/involvement", Map.of("involvement", "nothing"));
        assertThat(muted.statusCode()).isEqualTo(303);
        assertThat(bob.get("/rooms/" + room).body()).contains("value=\"nothing\" checked");
        try (EventStream bobElsewhere = elsewhere(bob)) {
            posted(ann, room, "@bob are you there?");
            String entry = nextEntry(bobElsewhere, room);
            assertThat(entry).contains("muted");
            assertThat(attribute(entry, "data-unread")).isEqualTo("1");
            assertThat(entry).doesNotContain("data-notice=");
        }
        HttpResponse<String> bad = bob.postForm("/rooms/" + room + "/involvement", Map.of("involvement", "loud"));
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("Choose everything, mentions or nothing.");
    }
}
