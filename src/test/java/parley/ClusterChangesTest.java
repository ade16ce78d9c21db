package parley;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.EventStream;
import parley.support.EventStream.Event;
import parley.support.Html;
import parley.support.LogCapture;
import parley.support.Poll;

/**
 * Edits, reactions and deletes (issue 15) across two Parley nodes sharing one real PostgreSQL: a change made
 * on one node reaches the streams on the other as an update, live or on resuming, in change order.
 */
class ClusterChangesTest extends TwoNodes {
    private static final Pattern MESSAGE_ID = Pattern.compile("^<li id=\"m-(\\d+)\"");

    @Test
    void anEditAReactionAndADeleteOnOneNodeReachAStreamOnTheOtherLive() {
        Client alice = a.signedIn("alice");
        Client bob = b.signedIn("bob");
        try (EventStream onB = bob.events("live")) {
            onB.next("reset");
            long first = posted(alice, onB, "live", "first");
            long second = posted(alice, onB, "live", "second");
            long third = posted(alice, onB, "live", "third");

            ok(alice.edit("live", first, "first, *edited*"));
            Event edited = nextChange(onB);
            assertThat(edited.type()).isEqualTo("update");
            assertThat(messageId(edited)).isEqualTo(first);
            assertThat(edited.data()).contains("class=\"message edited\"", "data-hx-swap-oob=\"true\"", "(edited)");
            assertThat(Html.texts(edited.data())).containsExactly("first, edited");
            assertThat(Html.renderedTexts(edited.data())).singleElement().asString().contains("first, <em>edited</em>");

            ok(alice.react("live", second, "👍"));
            Event reacted = nextChange(onB);
            assertThat(reacted.type()).isEqualTo("update");
            assertThat(messageId(reacted)).isEqualTo(second);
            assertThat(reacted.data()).contains("data-reactors=\"alice\"", "👍 1");
            assertThat(Html.texts(reacted.data())).containsExactly("second");

            ok(alice.delete("live", third));
            Event deleted = nextChange(onB);
            assertThat(deleted.type()).isEqualTo("update");
            assertThat(deleted.data()).isEqualTo("<li id=\"m-" + third + "\" data-hx-swap-oob=\"delete\"></li>");

            assertThat(List.of(third, id(edited), id(reacted), id(deleted))).as("change ids, in the order made")
                    .isSorted().doesNotHaveDuplicates();
            assertThat(onB.drain()).as("nothing else for the room").noneMatch(ClusterChangesTest::isChange);
            assertThat(Html.texts(bob.get("/rooms/live").body())).as("what a reload shows")
                    .containsExactly("first, edited", "second");
        }
    }

    /** Invariant 2 across nodes: a stream that was closed while changes were made elsewhere resumes exactly. */
    @Test
    void aStreamReconnectingToTheOtherNodeGetsExactlyTheChangesItMissedInOrder() {
        Client alice = a.signedIn("alice");
        Client bob = b.signedIn("bob");
        long first;
        long second;
        long third;
        long fourth;
        String lastSeen;
        try (EventStream onB = bob.events("away")) {
            onB.next("reset");
            first = posted(alice, onB, "away", "first");
            second = posted(alice, onB, "away", "second");
            third = posted(alice, onB, "away", "third");
            fourth = posted(alice, onB, "away", "fourth");
            lastSeen = String.valueOf(fourth);
        }

        // While bob's page is away, on the other node:
        ok(alice.edit("away", first, "first, edited"));
        ok(alice.react("away", second, "🎉"));
        ok(alice.delete("away", third));
        long fifth = alice.post("away", "posted while away");
        long gone = alice.post("away", "posted and deleted while away");
        ok(alice.delete("away", gone));

        try (EventStream onB = bob.events("away", "Last-Event-ID", lastSeen)) {
            List<Event> missed = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                missed.add(nextChange(onB));
            }
            ok(alice.edit("away", fourth, "fourth, edited live"));
            Event live = nextChange(onB);

            assertThat(missed).extracting(Event::type, ClusterChangesTest::messageId).containsExactly(
                    tuple("update", first), tuple("update", second), tuple("update", third), tuple("message", fifth));
            assertThat(missed.get(0).data()).contains("first, edited", "class=\"message edited\"");
            assertThat(missed.get(1).data()).contains("data-reactors=\"alice\"", "🎉 1");
            assertThat(missed.get(2).data()).isEqualTo("<li id=\"m-" + third + "\" data-hx-swap-oob=\"delete\"></li>");
            assertThat(Html.texts(missed.get(3).data())).containsExactly("posted while away");
            assertThat(id(missed.get(3))).as("a new message's event id is its own id").isEqualTo(fifth);
            List<Long> ids = new ArrayList<>(List.of(fourth));
            missed.forEach(event -> ids.add(id(event)));
            assertThat(ids).as("after Last-Event-ID, in change order, none twice").isSorted().doesNotHaveDuplicates();

            assertThat(live.type()).isEqualTo("update");
            assertThat(messageId(live)).isEqualTo(fourth);
            assertThat(id(live)).isGreaterThan(id(missed.getLast()));
            assertThat(onB.drain()).as("no change twice, nothing for the message deleted unseen")
                    .noneMatch(ClusterChangesTest::isChange);
        }
    }

    /**
     * A node whose listening connection is down while messages are posted and changed on the other node catches
     * up when it is back: a message posted and then changed in the meantime is new to its streams, so it must
     * come as a message (appended), in its latest form, not as an update of a message the page never had.
     */
    @Test
    void aNodeThatWasNotListeningGetsAMessageChangedMeanwhileAsANewMessage() {
        Client alice = a.signedIn("alice");
        Client bob = b.signedIn("bob");
        String name = database.substring(database.lastIndexOf('/') + 1, database.indexOf('?'));
        expectedLog = LogCapture.expected("cluster-changes-not-listening");
        try (EventStream onB = bob.events("deaf")) {
            onB.next("reset");
            long before = posted(alice, onB, "deaf", "before");
            long edited;
            long plain;
            // No node can open a connection, so the listeners, cut off, stay away; pooled connections go on.
            postgres.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
            try {
                postgres.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name
                        + "' AND application_name LIKE 'parley-listen%'");
                assertThat(Poll.until(() -> listeners(name), n -> n == 0, Duration.ofSeconds(10))).isZero();
                edited = alice.post("deaf", "posted while b was not listening");
                plain = alice.post("deaf", "posted after it");
                ok(alice.edit("deaf", edited, "posted, then edited, while b was not listening"));
            } finally {
                postgres.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
            }

            Event firstBack = nextChange(onB, Duration.ofSeconds(20));
            Event secondBack = nextChange(onB, Duration.ofSeconds(20));
            assertThat(List.of(firstBack, secondBack)).extracting(Event::type, ClusterChangesTest::messageId)
                    .as("both new to this page, in change order")
                    .containsExactly(tuple("message", plain), tuple("message", edited));
            assertThat(Html.texts(secondBack.data())).containsExactly("posted, then edited, while b was not listening");
            assertThat(id(firstBack)).isGreaterThan(before);
            assertThat(id(secondBack)).isGreaterThan(id(firstBack));
        }
        assertThat(expectedLog.text()).contains("WARN parley.cluster.PostgresBus - Lost the PostgreSQL listening connection");
    }

    /** Posts through {@code poster} and returns the message's id, once it has reached {@code stream}. */
    private static long posted(Client poster, EventStream stream, String room, String text) {
        poster.sayOk(room, text);
        Event message = nextChange(stream);
        assertThat(message.type()).isEqualTo("message");
        assertThat(Html.texts(message.data())).containsExactly(text);
        assertThat(messageId(message)).as("a new message's event id is its own id").isEqualTo(id(message));
        return id(message);
    }

    private static void ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as("change answered: %s", response.body()).isEqualTo(200);
    }

    /** The stream's next room change: a message, an update or a reset (presence and pings are skipped). */
    private static Event nextChange(EventStream stream) {
        return nextChange(stream, Duration.ofSeconds(10));
    }

    private static Event nextChange(EventStream stream, Duration timeout) {
        return stream.next(ClusterChangesTest::isChange, timeout);
    }

    private static boolean isChange(Event event) {
        return List.of("message", "update", "reset").contains(event.type());
    }

    private static long id(Event event) {
        return Long.parseLong(event.id());
    }

    /** The id of the message an event carries: its {@code <li id="m-…">}. */
    private static long messageId(Event event) {
        Matcher m = MESSAGE_ID.matcher(event.data());
        assertThat(m.find()).as("a message in %s", event.data()).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** How many parley-listen connections the database has. */
    private static int listeners(String name) {
        try (Connection c = DriverManager.getConnection(postgres.url("postgres")); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '" + name
                        + "' AND application_name LIKE 'parley-listen%'")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
