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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import parley.support.Client;
import parley.support.EventStream;
import parley.support.EventStream.Event;
import parley.support.Html;
import parley.support.MessageChanges;
import parley.support.MessageChanges.Reaction;
import parley.support.TestServer;

/**
 * A reader who was away gets exactly the changes they missed, whether their browser says where it was with
 * Last-Event-ID or the page with {@code ?after=}: each message changed since, once, in its latest form and in
 * the order of its latest change; a message that came and went while they were away not at all. A page
 * that knows nothing starts over from the room as it is, without its deleted messages. The history here is
 * 5 messages, so a resume is bounded by how many messages changed, not by how many changes there were.
 */
class ResumeAcrossChangesTest {
    static TestServer server;
    static Client alice;
    static Client bob;
    static Client carol;
    static Client dave;

    @BeforeAll
    static void start() {
        server = TestServer.start("--limits", "off", "--history", "5");
        alice = server.signedIn("alice");
        bob = server.signedIn("bob");
        carol = server.signedIn("carol");
        dave = server.signedIn("dave");
    }

    @AfterAll
    static void stop() {
        server.close();
    }


    /** Bob's stream of the room, resuming after change {@code seen} the way {@code how} says. */
    static EventStream resumed(String how, String room, long seen) {
        return switch (how) {
            case "Last-Event-ID" -> bob.events(room, "Last-Event-ID", String.valueOf(seen));
            case "after" -> bob.eventsAt("/rooms/" + room + "/events?after=" + seen);
            default -> throw new IllegalArgumentException(how);
        };
    }

    /** Where bob's page was when he left: the id of the reset a new stream of the room starts with. */
    static long seenNow(String room) {
        try (EventStream stream = bob.events(room)) {
            Event reset = nextChange(stream);
            assertThat(reset.type()).isEqualTo("reset");
            return Long.parseLong(reset.id());
        }
    }

    /**
     * The changes a stream must send to catch up from {@code live}, a stream that saw each one as it happened
     * after {@code seen}: for each message, only its latest change, in the order of those; as a new message for
     * one posted after {@code seen}, and not at all for one of those deleted since.
     */
    /** The message an event's item is, by its {@code id="m-…"}, which a deletion has too; -1 for another event. */
    static long messageOf(Event event) {
        return event.data().startsWith("<li id=\"m-")
                ? Long.parseLong(event.data().substring(10, event.data().indexOf('"', 10))) : -1;
    }

    static List<String> owed(List<Event> live, long seen) {
        Map<Long, Event> latest = new LinkedHashMap<>();
        for (Event event : live) {
            long message = messageOf(event);
            latest.remove(message); // re-inserted last: ordered by latest change
            latest.put(message, event);
        }
        List<String> owed = new ArrayList<>();
        latest.forEach((message, event) -> {
            boolean isNew = message > seen;
            if (isNew && event.data().equals(deletion(message))) {
                return;
            }
            owed.add((isNew ? "message " : "update ") + message + " @" + event.id());
        });
        return owed;
    }

    static void ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    static List<String> summary(List<Event> events) {
        return events.stream().map(e -> e.type() + " " + messageOf(e) + " @" + e.id()).toList();
    }

    /** The events on {@code stream} up to the next {@code message} whose text is {@code marker}, that one left out. */
    static List<Event> upTo(EventStream stream, String marker) {
        List<Event> events = new ArrayList<>();
        for (Event event = nextChange(stream); !Html.texts(event.data()).equals(List.of(marker)); event = nextChange(stream)) {
            events.add(event);
        }
        return events;
    }

    @ParameterizedTest
    @ValueSource(strings = {"Last-Event-ID", "after"})
    void aResumeGetsEachMessageChangedSinceOnceInItsLatestFormInOrderAndNothingElse(String how) {
        String room = "away-" + how.toLowerCase(java.util.Locale.ROOT);
        long one = posted(alice, room, "one");
        long two = posted(alice, room, "two");
        long three = posted(alice, room, "three");
        posted(alice, room, "untouched");
        long seen = seenNow(room);

        List<Event> live;
        long gone;
        long five;
        try (EventStream watcher = dave.events(room)) {
            nextChange(watcher);
            ok(MessageChanges.edit(alice, room, one, "one, edited", HTMX));
            ok(MessageChanges.delete(alice, room, two, HTMX));
            ok(MessageChanges.react(carol, room, three, "🎉", HTMX));
            gone = posted(alice, room, "posted and deleted while bob was away");
            ok(MessageChanges.delete(alice, room, gone, HTMX));
            five = posted(alice, room, "five");
            ok(MessageChanges.edit(alice, room, one, "one, edited twice", HTMX));
            ok(MessageChanges.edit(alice, room, five, "five, edited", HTMX));
            ok(MessageChanges.edit(alice, room, five, "five, edited twice", HTMX));
            live = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                live.add(nextChange(watcher));
            }
        }
        List<String> expected = owed(live, seen);

        try (EventStream stream = resumed(how, room, seen)) {
            // Posted once the stream is open, so not part of what it missed: the replay is what comes before it.
            alice.sayOk(room, "live after the resume");
            List<Event> replay = upTo(stream, "live after the resume");
            assertThat(summary(replay)).as("exactly the missed changes, each message once, in order").isEqualTo(expected)
                    .containsExactly(
                            "update " + two + " @" + live.get(1).id(),
                            "update " + three + " @" + live.get(2).id(),
                            "update " + one + " @" + live.get(6).id(),
                            "message " + five + " @" + live.get(8).id());
            assertThat(replay.get(0).data()).isEqualTo(deletion(two));
            assertThat(reactions(replay.get(1).data())).containsExactly(Map.entry("🎉", Reaction.of(false, "carol")));
            assertThat(replay.get(2).data()).as("the latest form, as a reader who stayed got it").isEqualTo(live.get(6).data());
            assertThat(Html.texts(replay.get(2).data())).containsExactly("one, edited twice");
            assertThat(replay.get(3).data()).as("a new message, appended: in its latest form, not in place")
                    .contains("class=\"message edited\"").doesNotContain("data-hx-swap-oob");
            assertThat(Html.texts(replay.get(3).data())).containsExactly("five, edited twice");
            assertThat(replay).allSatisfy(e -> assertThat(e.data()).doesNotContain("m-" + gone + "\""));

            alice.sayOk(room, "and the next");
            Event next = nextChange(stream);
            assertThat(Html.texts(next.data())).as("nothing sent twice in between").containsExactly("and the next");
        }
    }

    @Test
    void resumingFromAChangeInTheMiddleSendsOnlyTheChangesAfterIt() {
        long one = posted(alice, "middle", "one");
        long two = posted(alice, "middle", "two");
        long three = posted(alice, "middle", "three");
        List<Event> live;
        try (EventStream watcher = dave.events("middle")) {
            nextChange(watcher);
            ok(MessageChanges.react(bob, "middle", one, "👍", HTMX));
            ok(MessageChanges.edit(alice, "middle", two, "two, edited", HTMX));
            ok(MessageChanges.delete(alice, "middle", three, HTMX));
            ok(MessageChanges.react(bob, "middle", one, "👍", HTMX)); // and off again
            alice.sayOk("middle", "end");
            live = upTo(watcher, "end");
        }
        assertThat(live).hasSize(4);
        for (int i = 0; i < live.size(); i++) {
            long seen = Long.parseLong(live.get(i).id());
            for (String how : List.of("Last-Event-ID", "after")) {
                try (EventStream stream = resumed(how, "middle", seen)) {
                    assertThat(summary(upTo(stream, "end"))).as("%s %d, after change %d", how, seen, i)
                            .isEqualTo(owed(live.subList(i + 1, live.size()), seen));
                }
            }
        }
    }

    @Test
    void aMessagePostedAndDeletedWhileAwayIsNeverSent() {
        posted(alice, "came-and-went", "before");
        long seen = seenNow("came-and-went");
        long gone = posted(alice, "came-and-went", "here and gone");
        ok(MessageChanges.delete(alice, "came-and-went", gone, HTMX));
        try (EventStream byHeader = resumed("Last-Event-ID", "came-and-went", seen);
                EventStream byAddress = resumed("after", "came-and-went", seen)) {
            alice.sayOk("came-and-went", "next");
            for (EventStream stream : List.of(byHeader, byAddress)) {
                Event first = nextChange(stream);
                assertThat(first.type()).isEqualTo("message");
                assertThat(Html.texts(first.data())).containsExactly("next");
            }
        }
    }

    @Test
    void aMessageChangedManyTimesWhileAwayIsSentOnceEvenBeyondAHistorysWorthOfChanges() {
        long id = posted(alice, "many-edits", "draft 0");
        long seen = seenNow("many-edits");
        for (int i = 1; i <= 12; i++) { // the history is 5 messages; these are 12 changes of one
            ok(MessageChanges.edit(alice, "many-edits", id, "draft " + i, HTMX));
        }
        ok(MessageChanges.react(bob, "many-edits", id, "👀", HTMX));
        try (EventStream byHeader = resumed("Last-Event-ID", "many-edits", seen);
                EventStream byAddress = resumed("after", "many-edits", seen)) {
            alice.sayOk("many-edits", "live");
            for (EventStream stream : List.of(byHeader, byAddress)) {
                Event update = nextChange(stream);
                assertThat(update.type()).as("no reset").isEqualTo("update");
                assertThat(Html.texts(update.data())).containsExactly("draft 12");
                assertThat(reactions(update.data())).containsOnlyKeys("👀");
                assertThat(Html.texts(nextChange(stream).data())).as("the next event is live").containsExactly("live");
            }
        }
    }

    @Test
    void moreMessagesChangedThanAHistorysWorthStartsOverWithoutTheDeletedOnes() {
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            ids.add(posted(alice, "too-many", "m" + i));
        }
        long seen = seenNow("too-many");
        for (long id : ids.subList(0, 5)) {
            ok(MessageChanges.react(carol, "too-many", id, "😄", HTMX));
        }
        try (EventStream stream = resumed("Last-Event-ID", "too-many", seen)) {
            List<Event> replay = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                replay.add(nextChange(stream));
            }
            assertThat(summary(replay)).as("five messages changed: exactly a history's worth, resumed, no reset")
                    .allMatch(event -> event.startsWith("update "));
            assertThat(replay).extracting(event -> Html.messageIds(event.data()).getFirst()).isEqualTo(ids.subList(0, 5));
        }
        ok(MessageChanges.delete(alice, "too-many", ids.get(5), HTMX)); // a sixth message changed
        try (EventStream stream = resumed("Last-Event-ID", "too-many", seen)) {
            Event reset = nextChange(stream);
            assertThat(reset.type()).isEqualTo("reset");
            assertThat(Html.texts(reset.data())).containsExactly("m2", "m3", "m4", "m5", "m7");
            assertThat(Html.messageIds(reset.data())).doesNotContain(ids.get(5));
        }
    }

    @Test
    void aStreamThatKnowsNothingStartsOverFromTheRoomAsItIsWithoutDeletedMessages() {
        long one = posted(alice, "fresh", "one");
        long two = posted(alice, "fresh", "two");
        long three = posted(alice, "fresh", "three");
        ok(MessageChanges.edit(alice, "fresh", one, "one, edited", HTMX));
        ok(MessageChanges.delete(alice, "fresh", two, HTMX));
        ok(MessageChanges.react(carol, "fresh", three, "❤️", HTMX));
        long gone = posted(alice, "fresh", "gone");
        ok(MessageChanges.delete(alice, "fresh", gone, HTMX));
        long latest;
        try (EventStream watcher = dave.events("fresh")) {
            nextChange(watcher);
            ok(MessageChanges.react(carol, "fresh", three, "👍", HTMX));
            latest = Long.parseLong(nextChange(watcher).id());
        }
        String page = bob.get("/rooms/fresh").body();
        for (EventStream stream : List.of(bob.events("fresh"), bob.eventsAt("/rooms/fresh/events?after="),
                bob.events("fresh", "Last-Event-ID", ""))) {
            try (stream) {
                Event reset = nextChange(stream);
                assertThat(reset.type()).isEqualTo("reset");
                assertThat(reset.id()).as("the room's latest change").isEqualTo(String.valueOf(latest));
                assertThat(Html.messageIds(reset.data())).containsExactly(one, three);
                assertThat(Html.texts(reset.data())).containsExactly("one, edited", "three");
                assertThat(itemOf(reset.data(), one)).contains("class=\"message edited\"", "(edited)");
                assertThat(reactions(itemOf(reset.data(), three))).containsOnlyKeys("❤️", "👍");
                assertThat(reset.data()).doesNotContain("data-hx-swap-oob");
            }
        }
        // The page shows the same and streams on from the same change, so its stream has nothing old to send.
        assertThat(Html.messageIds(page)).containsExactly(one, three);
        assertThat(page).contains("data-sse-connect=\"/rooms/fresh/events?after=" + latest + "&amp;page=");
        try (EventStream stream = bob.eventsAt("/rooms/fresh/events?after=" + latest)) {
            alice.sayOk("fresh", "live");
            Event first = nextChange(stream);
            assertThat(first.type()).isEqualTo("message");
            assertThat(Html.texts(first.data())).containsExactly("live");
        }
    }
}
