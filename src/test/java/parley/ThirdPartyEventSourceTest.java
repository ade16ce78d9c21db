package parley;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.EventStream;
import parley.support.Html;
import parley.support.NodeEventSource;
import parley.support.NodeEventSource.Line;
import parley.support.TestServer;

/**
 * The stream as a third-party EventSource reads it: the npm {@code eventsource} package, a WHATWG-spec client
 * nobody here wrote, run under Node ({@link NodeEventSource}). What it dispatches is checked against the
 * contract (§5) and against the tests' own reading of the same stream ({@link EventStream}).
 *
 * <p>What it found: a stream ended by a graceful stop leaves its connection open (kept alive) until Jetty closes
 * idle connections, about 1 s later, and the stopping node answers any request on that connection with 503. A
 * client whose retry comes sooner ({@code --retry} under about a second, or a slow stop) reconnects on the
 * same connection, as undici (and browsers) reuse one, gets the 503 and, as the EventSource spec says of any
 * answer but 200, never tries again. So the restart test's client closes its connections.
 */
class ThirdPartyEventSourceTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String[] TYPES = {"update", "reset", "presence"};

    static TestServer server;
    static Client alice;
    static Client bob;

    @BeforeAll
    static void start() {
        NodeEventSource.install();
        server = TestServer.start("--limits", "off");
        alice = server.signedIn("alice");
        bob = server.signedIn("bob");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyKindOfEventArrivesWithItsTypeIdAndDataIntact() {
        bob.sayOk("live", "before");
        try (EventStream own = bob.events("live");
             NodeEventSource client = NodeEventSource.open(alice, "/rooms/live/events", TYPES)) {
            own.next("reset");
            Line reset = client.next("reset");
            long before = Html.messageIds(reset.data()).getLast();
            assertThat(reset.lastEventId()).isEqualTo(String.valueOf(before));
            assertThat(Html.texts(reset.data())).containsExactly("before");
            Line presence = client.until(line -> line.type().equals("presence")
                    && Html.listItems(line.data()).equals(List.of("alice", "bob")), WAIT).getLast();
            // No id of its own: this client reports "" for such an event, a browser the last id it had.
            assertThat(presence.lastEventId()).isIn("", String.valueOf(before));

            // A paragraph with a line break, and a code block with a blank line in it: both go as several data:
            // lines, one of them empty, which the client must join with LF into the fragment as it was sent.
            long lines = post(alice, "live", "first line\nsecond line");
            long code = post(alice, "live", "```\ncode 1\n  code 2\n\ncode 4\n```");
            change(alice, "/rooms/live/messages/" + lines, Map.of("text", "first line, edited\nsecond line"));
            change(bob, "/rooms/live/messages/" + lines + "/reactions", Map.of("emoji", "👍"));
            change(alice, "/rooms/live/messages/" + lines + "/delete", Map.of());

            List<Line> events = client.until(line -> line.data() != null && line.data().contains("data-hx-swap-oob=\"delete\""), WAIT)
                    .stream().filter(line -> line.isEvent() && !line.type().equals("presence")).toList();
            assertThat(events).extracting(Line::type).containsExactly("message", "message", "update", "update", "update");
            assertThat(events.get(0).lastEventId()).isEqualTo(String.valueOf(lines));
            assertThat(events.get(1).lastEventId()).isEqualTo(String.valueOf(code));
            assertThat(events).extracting(line -> Long.parseLong(line.lastEventId())).isSorted().doesNotHaveDuplicates();

            assertThat(events.get(0).data()).contains("first line<br>\nsecond line");
            assertThat(events.get(1).data()).contains("code 1\n  code 2\n\ncode 4");
            assertThat(Html.texts(events.get(2).data())).containsExactly("first line, edited\nsecond line");
            assertThat(events.get(3).data()).contains("👍");
            assertThat(events.get(4).data()).isEqualTo("<li id=\"m-" + lines + "\" data-hx-swap-oob=\"delete\"></li>");
            for (Line event : events.subList(2, 5)) {
                assertThat(event.data()).contains("m-" + lines);
            }

            // What the tests' own parser made of the same bytes, event for event.
            for (Line event : events) {
                EventStream.Event same = own.next(e -> e.type().equals(event.type()), WAIT);
                assertThat(new Line(same.type(), same.id(), same.data())).isEqualTo(event);
            }
        }
    }

    /** The state events of issue 16: a sidebar entry for another room, and who is typing, both without an id. */
    @Test
    void theSidebarAndTypingArriveWithTheirTypeAndNoIdOfTheirOwn() {
        bob.sayOk("elsewhere", "bob is a member here");
        alice.sayOk("watched", "alice's room");
        try (NodeEventSource client = NodeEventSource.open(bob, "/rooms/watched/events", "reset", "rooms", "typing")) {
            Line reset = client.next("reset");
            alice.sayOk("elsewhere", "@bob news from elsewhere");
            Line rooms = client.next("rooms");
            assertThat(rooms.data()).startsWith("<li id=\"room-elsewhere\"").contains("data-unread=\"1\"",
                    "data-mentions=\"1\"", "data-notice-text=\"@bob news from elsewhere\"");
            assertThat(rooms.lastEventId()).as("state, not history").isIn("", reset.lastEventId());
            assertThat(alice.postForm("/rooms/watched/typing", Map.of()).statusCode()).isEqualTo(204);
            Line typing = client.next("typing");
            assertThat(Html.text(typing.data())).isEqualTo("alice is typing…");
            assertThat(typing.lastEventId()).isIn("", reset.lastEventId());
        }
    }

    @Test
    void resumingWithAfterGetsExactlyTheMissedChangesEachOnceInOrder() {
        long a;
        long b;
        try (NodeEventSource first = NodeEventSource.open(alice, "/rooms/resume/events?after=0", TYPES)) {
            first.until(line -> line.type().equals("open"), WAIT);
            a = post(bob, "resume", "a");
            b = post(bob, "resume", "b");
            List<Line> seen = first.until(event(b), WAIT);
            assertThat(shown(seen)).extracting(Line::type, Line::lastEventId)
                    .containsExactly(tuple("message", String.valueOf(a)), tuple("message", String.valueOf(b)));
        }
        long k = b;

        // While the client is away; the tests' own stream, resumed from k too, learns each change's id.
        List<EventStream.Event> changes = new ArrayList<>();
        long d;
        long e;
        try (EventStream own = bob.events("resume", "Last-Event-ID", String.valueOf(k))) {
            long c = post(bob, "resume", "c");
            change(bob, "/rooms/resume/messages/" + a, Map.of("text", "a, edited once"));
            change(alice, "/rooms/resume/messages/" + b + "/reactions", Map.of("emoji", "👍"));
            d = post(bob, "resume", "d");
            change(bob, "/rooms/resume/messages/" + c + "/delete", Map.of());
            change(bob, "/rooms/resume/messages/" + a, Map.of("text", "a, edited twice"));
            e = post(bob, "resume", "e");
            change(bob, "/rooms/resume/messages/" + e, Map.of("text", "e, edited"));
            for (int i = 0; i < 8; i++) {
                changes.add(own.next(event -> event.type().equals("message") || event.type().equals("update"), WAIT));
            }
        }
        assertThat(changes).extracting(EventStream.Event::type).containsExactly(
                "message", "update", "update", "message", "update", "update", "message", "update");

        try (NodeEventSource second = NodeEventSource.open(alice, "/rooms/resume/events?after=" + k, TYPES)) {
            second.until(line -> line.type().equals("open"), WAIT);
            long marker = post(bob, "resume", "live after the replay");
            List<Line> replayed = shown(second.until(event(marker), WAIT));
            assertThat(replayed.getLast().type()).isEqualTo("message");
            replayed = replayed.subList(0, replayed.size() - 1);

            // Each changed message once, in its latest form, in the order of its latest change: b (reacted to),
            // d (new), a (edited twice), e (new, then edited); c was posted and deleted since, so it is not sent.
            assertThat(replayed).extracting(Line::type, Line::lastEventId).containsExactly(
                    tuple("update", changes.get(2).id()),
                    tuple("message", String.valueOf(d)),
                    tuple("update", changes.get(5).id()),
                    tuple("message", changes.get(7).id()));
            assertThat(replayed.get(0).data()).isEqualTo(changes.get(2).data());
            assertThat(replayed.get(1).data()).isEqualTo(changes.get(3).data());
            assertThat(replayed.get(2).data()).isEqualTo(changes.get(5).data());
            assertThat(Html.messageIds(replayed.get(3).data())).containsExactly(e);
            assertThat(Html.texts(replayed.get(3).data())).containsExactly("e, edited");
        }
    }

    @Test
    void itsOwnReconnectAfterARestartSendsTheLastIdSoPresenceCannotResetIt() {
        // A server of its own, as it is restarted; a short retry so the client comes back quickly. The client
        // closes its connections: one kept alive after its stream ended would carry the reconnect to the stopping
        // server, whose 503 ends an EventSource for good (see the class comment).
        try (TestServer restarting = TestServer.start("--limits", "off", "--retry", "300ms")) {
            Client ann = restarting.signedIn("ann");
            Client ben = restarting.signedIn("ben");
            long one = post(ben, "restart", "one");
            try (NodeEventSource client = NodeEventSource.openClosingConnections(ann, "/rooms/restart/events", TYPES)) {
                assertThat(client.next("reset").lastEventId()).isEqualTo(String.valueOf(one));
                long two = post(ben, "restart", "two");
                client.until(event(two), WAIT);
                // Presence, which has no id, after the last change: it must leave the client's last id alone.
                try (EventStream own = ben.events("restart")) {
                    client.until(line -> line.type().equals("presence") && Html.listItems(line.data()).contains("ben"), WAIT);
                    own.next("presence");
                }

                restarting.restart(); // ends the stream cleanly: the client reconnects by itself after retry
                long three = post(ben, "restart", "three");
                change(ben, "/rooms/restart/messages/" + two, Map.of("text", "two, edited"));

                List<Line> after = client.until(line -> line.type().equals("update"), Duration.ofSeconds(10));
                List<Line> reconnects = after.stream().filter(line -> line.type().equals("request")).toList();
                assertThat(reconnects).as("the client reconnected: %s", after).isNotEmpty()
                        .allSatisfy(request -> assertThat(request.lastEventId()).isEqualTo(String.valueOf(two)));
                assertThat(after).extracting(Line::type).contains("error", "open");
                List<Line> missed = shown(after);
                assertThat(missed).extracting(Line::type).containsExactly("message", "update");
                assertThat(missed.get(0).lastEventId()).isEqualTo(String.valueOf(three));
                assertThat(Long.parseLong(missed.get(1).lastEventId())).isGreaterThan(three);
                assertThat(Html.texts(missed.get(1).data())).containsExactly("two, edited");
            }
        }
    }

    /** The event with this id, skipping the lines before it. */
    private static Predicate<Line> event(long id) {
        return line -> line.isEvent() && String.valueOf(id).equals(line.lastEventId());
    }

    /** The events a page shows: not presence, and not the client's own connection lines. */
    private static List<Line> shown(List<Line> lines) {
        return lines.stream().filter(line -> line.isEvent() && !line.type().equals("presence")).toList();
    }

    /** Posts as a page without htmx does, and returns the new message's id from where it is sent back to. */
    private static long post(Client as, String room, String text) {
        HttpResponse<String> response = as.postForm("/rooms/" + room + "/messages", Map.of("text", text));
        assertThat(response.statusCode()).as("post %s: %s", text, response.body()).isEqualTo(303);
        String location = response.headers().firstValue("Location").orElseThrow();
        return Long.parseLong(location.substring(location.indexOf("#m-") + 3));
    }

    private static void change(Client as, String path, Map<String, String> form) {
        assertThat(as.postForm(path, form, "HX-Request", "true").statusCode()).as("POST %s", path).isEqualTo(200);
    }
}
