package parley;

import static org.assertj.core.api.Assertions.assertThat;
import static parley.support.MessageChanges.HTMX;
import static parley.support.MessageChanges.deletion;
import static parley.support.MessageChanges.itemOf;
import static parley.support.MessageChanges.nextChange;
import static parley.support.MessageChanges.posted;
import static parley.support.MessageChanges.reactions;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.EventStream;
import parley.support.EventStream.Event;
import parley.support.Html;
import parley.support.MessageChanges;
import parley.support.MessageChanges.Reaction;
import parley.support.TestServer;

/**
 * Edits, deletes and reactions live: each reaches every open stream of the room as one {@code update} with the
 * room's next change id, carrying the message as it is now, the same bytes for every reader; the person who
 * made the change gets their own copy of the message in the answer (htmx) or goes back to it (no htmx).
 */
class MessageChangesTest {
    static TestServer server;
    static Client admin;
    static Client alice;
    static Client bob;
    static Client carol;

    @BeforeAll
    static void start() {
        server = TestServer.start("--limits", "off");
        admin = server.signedIn("admin"); // the first account; no test here needs its powers
        alice = server.signedIn("alice");
        bob = server.signedIn("bob");
        carol = server.signedIn("carol");
    }

    @AfterAll
    static void stop() {
        server.close();
    }


    /** Opens a stream of the room for each client, each past its reset; returns them and the reset's id. */
    static List<EventStream> watching(String room, Client... readers) {
        List<EventStream> streams = new ArrayList<>();
        for (Client reader : readers) {
            EventStream stream = reader.events(room);
            assertThat(nextChange(stream).type()).isEqualTo("reset");
            streams.add(stream);
        }
        return streams;
    }

    /** The next change on every stream: one update, the same bytes and id on each; returns it. */
    static Event theSameUpdateOnEach(List<EventStream> streams) {
        Event first = nextChange(streams.getFirst());
        assertThat(first.type()).isEqualTo("update");
        for (EventStream other : streams.subList(1, streams.size())) {
            assertThat(nextChange(other)).as("every reader's stream gets the same event").isEqualTo(first);
        }
        assertThat(first.data()).as("a stream's fragment carries nobody's controls").doesNotContain("class=\"controls\"")
                .doesNotContain("aria-pressed=\"true\"");
        return first;
    }

    static void closeAll(List<EventStream> streams) {
        streams.forEach(EventStream::close);
    }

    @Test
    void anEditReachesEveryOpenStreamAsAnUpdateMarkedEditedUnderTheMessagesOwnId() {
        long id = posted(alice, "live-edit", "first draft");
        List<EventStream> streams = watching("live-edit", bob, carol, alice);
        try {
            HttpResponse<String> edited = MessageChanges.edit(alice, "live-edit", id, "second *draft*", HTMX);
            assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
            // The author's own copy: in place of the old one, with their controls, and not out of band.
            assertThat(edited.body()).startsWith("<li id=\"m-" + id + "\" class=\"message edited\"")
                    .contains("<em>draft</em>", "(edited)", "class=\"edit\"", "class=\"delete\"")
                    .doesNotContain("data-hx-swap-oob", "first draft");

            Event update = theSameUpdateOnEach(streams);
            assertThat(Long.parseLong(update.id())).as("the room's next change").isGreaterThan(id);
            assertThat(update.data()).startsWith("<li id=\"m-" + id + "\" class=\"message edited\" data-message-id=\"" + id
                            + "\" data-author=\"alice\" data-hx-swap-oob=\"true\">")
                    .contains("<span class=\"edited-mark\" title=\"Edited ", ">(edited)</span>")
                    .doesNotContain("first draft");
            assertThat(Html.texts(update.data())).containsExactly("second draft");

            String page = bob.get("/rooms/live-edit").body();
            assertThat(itemOf(page, id)).contains("class=\"message edited\"", "(edited)");
            assertThat(Html.texts(itemOf(page, id))).containsExactly("second draft");
            assertThat(Html.texts(bob.get("/rooms/live-edit/messages/" + id).body())).containsExactly("second draft");

            HttpResponse<String> plain = MessageChanges.edit(alice, "live-edit", id, "third draft");
            assertThat(plain.statusCode()).isEqualTo(303);
            assertThat(plain.headers().firstValue("Location")).hasValue("/rooms/live-edit/messages/" + id);
            Event again = theSameUpdateOnEach(streams);
            assertThat(Long.parseLong(again.id())).isGreaterThan(Long.parseLong(update.id()));
            assertThat(Html.texts(again.data())).containsExactly("third draft");

            // The same text again is no change: nothing is sent, and the next post is the next event.
            assertThat(MessageChanges.edit(alice, "live-edit", id, "third draft", HTMX).statusCode()).isEqualTo(200);
            alice.sayOk("live-edit", "next");
            for (EventStream stream : streams) {
                Event next = nextChange(stream);
                assertThat(next.type()).isEqualTo("message");
                assertThat(Html.texts(next.data())).containsExactly("next");
            }
        } finally {
            closeAll(streams);
        }
    }

    @Test
    void aDeleteReachesEveryOpenStreamAsAnItemThatRemovesTheMessage() {
        long kept = posted(alice, "live-delete", "kept");
        long doomed = posted(alice, "live-delete", "doomed");
        long plainDoomed = posted(alice, "live-delete", "doomed too");
        List<EventStream> streams = watching("live-delete", bob, carol);
        try {
            HttpResponse<String> deleted = MessageChanges.delete(alice, "live-delete", doomed, HTMX);
            assertThat(deleted.statusCode()).isEqualTo(200);
            assertThat(deleted.body()).as("the message goes from the author's page").isEmpty();
            Event update = theSameUpdateOnEach(streams);
            assertThat(update.data()).isEqualTo(deletion(doomed));
            assertThat(Long.parseLong(update.id())).isGreaterThan(plainDoomed);

            HttpResponse<String> plain = MessageChanges.delete(alice, "live-delete", plainDoomed);
            assertThat(plain.statusCode()).isEqualTo(303);
            assertThat(plain.headers().firstValue("Location")).hasValue("/rooms/live-delete");
            Event second = theSameUpdateOnEach(streams);
            assertThat(second.data()).isEqualTo(deletion(plainDoomed));
            assertThat(Long.parseLong(second.id())).isGreaterThan(Long.parseLong(update.id()));

            String page = carol.get("/rooms/live-delete").body();
            assertThat(Html.texts(page)).containsExactly("kept");
            assertThat(Html.messageIds(page)).containsExactly(kept);
            assertThat(carol.get("/rooms/live-delete/messages/" + doomed, "Accept", "text/html").statusCode()).isEqualTo(404);
        } finally {
            closeAll(streams);
        }
    }

    @Test
    void reactionsShowHowManyAndWhoAndTheSameReactionAgainTakesItAway() {
        long id = posted(alice, "live-react", "react to me");
        List<EventStream> streams = watching("live-react", alice, bob, carol);
        try {
            HttpResponse<String> mine = MessageChanges.react(bob, "live-react", id, "👍", HTMX);
            assertThat(mine.statusCode()).isEqualTo(200);
            assertThat(reactions(mine.body())).as("bob's own copy shows his reaction pressed")
                    .containsExactly(Map.entry("👍", Reaction.of(true, "bob")));
            Event first = theSameUpdateOnEach(streams);
            assertThat(Long.parseLong(first.id())).isGreaterThan(id);
            assertThat(first.data()).startsWith("<li id=\"m-" + id + "\" class=\"message\"")
                    .contains("data-hx-swap-oob=\"true\"").doesNotContain("(edited)");
            assertThat(reactions(first.data())).containsExactly(Map.entry("👍", Reaction.of(false, "bob")));

            assertThat(MessageChanges.react(carol, "live-react", id, "👍", HTMX).statusCode()).isEqualTo(200);
            Event second = theSameUpdateOnEach(streams);
            assertThat(reactions(second.data())).containsExactly(Map.entry("👍", Reaction.of(false, "bob", "carol")));

            // A heart without its variation selector, as some keyboards send it, is the palette's heart.
            HttpResponse<String> heart = MessageChanges.react(alice, "live-react", id, "\u2764");
            assertThat(heart.statusCode()).as("no htmx: back to the message").isEqualTo(303);
            assertThat(heart.headers().firstValue("Location")).hasValue("/rooms/live-react/messages/" + id);
            Event third = theSameUpdateOnEach(streams);
            assertThat(reactions(third.data())).containsOnlyKeys("👍", "❤️")
                    .containsEntry("❤️", Reaction.of(false, "alice"));

            assertThat(MessageChanges.react(bob, "live-react", id, "👍", HTMX).statusCode()).isEqualTo(200);
            Event fourth = theSameUpdateOnEach(streams);
            assertThat(reactions(fourth.data())).containsEntry("👍", Reaction.of(false, "carol"));

            assertThat(MessageChanges.react(carol, "live-react", id, "👍", HTMX).statusCode()).isEqualTo(200);
            assertThat(MessageChanges.react(alice, "live-react", id, "❤️", HTMX).statusCode()).isEqualTo(200);
            theSameUpdateOnEach(streams);
            Event last = theSameUpdateOnEach(streams);
            assertThat(last.data()).as("no reactions left, no reactions shown").doesNotContain("class=\"reactions\"");
            assertThat(Html.texts(last.data())).containsExactly("react to me");

            List<Long> ids = List.of(first, second, third, fourth, last).stream().map(e -> Long.parseLong(e.id())).toList();
            assertThat(ids).isSorted().doesNotHaveDuplicates();
            assertThat(bob.get("/rooms/live-react").body()).doesNotContain("class=\"reactions\"");
        } finally {
            closeAll(streams);
        }
    }

    @Test
    void everyChangeTakesTheRoomsNextIdWhileTheMessageKeepsItsOwnAndTheNextStreamStartsAfterTheLast() {
        long id = posted(alice, "live-ids", "one");
        List<Long> changeIds = new ArrayList<>();
        try (EventStream stream = bob.events("live-ids")) {
            changeIds.add(Long.parseLong(nextChange(stream).id()));
            MessageChanges.edit(alice, "live-ids", id, "one, edited", HTMX);
            MessageChanges.react(carol, "live-ids", id, "🎉", HTMX);
            MessageChanges.react(bob, "live-ids", id, "👀", HTMX);
            MessageChanges.react(carol, "live-ids", id, "🎉", HTMX);
            long other = posted(carol, "live-ids", "two");
            for (int i = 0; i < 4; i++) {
                Event update = nextChange(stream);
                assertThat(update.type()).isEqualTo("update");
                assertThat(Html.messageIds(update.data())).as("the message keeps its id").containsExactly(id);
                changeIds.add(Long.parseLong(update.id()));
            }
            Event message = nextChange(stream);
            assertThat(message.type()).isEqualTo("message");
            assertThat(message.id()).isEqualTo(String.valueOf(other));
            changeIds.add(other);
        }
        assertThat(changeIds).as("the reset's, then each change's").isSorted().doesNotHaveDuplicates().hasSize(6);
        assertThat(changeIds.getFirst()).isEqualTo(id);
        MessageChanges.delete(alice, "live-ids", id, HTMX);
        String page = bob.get("/rooms/live-ids").body();
        try (EventStream fresh = bob.events("live-ids")) {
            Event reset = nextChange(fresh);
            assertThat(reset.type()).isEqualTo("reset");
            long latest = Long.parseLong(reset.id());
            assertThat(latest).as("the room's latest change: the delete").isGreaterThan(changeIds.getLast());
            assertThat(page).as("the page's stream starts after the delete too")
                    .contains("data-sse-connect=\"/rooms/live-ids/events?after=" + latest + "&amp;page=");
            assertThat(Html.texts(reset.data())).containsExactly("two");
        }
    }

    @Test
    void textAndNamesThatLookLikeMarkupOrStreamFieldsStayTextInAnUpdate() {
        Client odd = server.signedIn("\"><img src=x>&amp;");
        long id = posted(alice, "live-hostile", "plain");
        List<EventStream> streams = watching("live-hostile", bob, carol);
        try {
            String typed = "<script>alert(1)</script>\nevent: reset\ndata: <li>forged</li>\nid: 999999999\nretry: 1";
            assertThat(MessageChanges.edit(alice, "live-hostile", id, typed, HTMX).statusCode()).isEqualTo(200);
            Event edited = theSameUpdateOnEach(streams);
            assertThat(Html.texts(edited.data())).containsExactly(typed);
            assertThat(edited.data()).doesNotContain("<script>", "<li>forged");
            assertThat(Long.parseLong(edited.id())).isLessThan(999999999L);

            assertThat(MessageChanges.react(odd, "live-hostile", id, "😮", HTMX).statusCode()).isEqualTo(200);
            Event reacted = theSameUpdateOnEach(streams);
            assertThat(reacted.data()).doesNotContain("<img");
            assertThat(reactions(reacted.data())).containsExactly(
                    Map.entry("😮", Reaction.of(false, "\"><img src=x>&amp;")));
            alice.sayOk("live-hostile", "still framed");
            assertThat(Html.texts(nextChange(streams.getFirst()).data())).containsExactly("still framed");
            assertThat(streams.getFirst().retry()).isNotEqualTo("1");
        } finally {
            closeAll(streams);
        }
    }
}
