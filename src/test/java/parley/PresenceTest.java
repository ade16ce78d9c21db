package parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.EventStream;
import parley.support.Poll;
import parley.support.RawHttp;
import parley.support.TestServer;

/**
 * Who is here is true within 2 s (design invariant 9): a page whose connection closes leaves at once. The
 * heartbeat here is 20 s, so a leave seen within 2 s cannot be the heartbeat's doing.
 */
class PresenceTest {
    static final Duration WITHIN = Duration.ofSeconds(2);
    static TestServer server;
    static Client alice;
    static Client bob;

    @BeforeAll
    static void start() {
        server = TestServer.start("--heartbeat", "20s", "--limits", "off");
        alice = server.signedIn("alice");
        bob = server.signedIn("bob");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aPageWhoseConnectionClosesLeavesAtOnce() {
        try (EventStream watching = alice.events("closing")) {
            watching.next(PresenceTest.names("alice"), WITHIN);
            RawHttp tab = openStream(bob, "closing");
            watching.next(PresenceTest.names("alice", "bob"), WITHIN);
            long closed = System.nanoTime();
            tab.close();
            watching.next(PresenceTest.names("alice"), WITHIN);
            Measured.print("left: connection closed, one node", closed);
        }
    }

    @Test
    void aRequestPipelinedBehindAStreamIsAnsweredWhenTheStreamEnds() {
        Client carol = server.signedIn("carol"); // her own session: signing out must not end anyone else's stream
        try (RawHttp connection = new RawHttp(server.port())) {
            // Both requests in one write: the second is in the server's buffer before the stream starts.
            connection.send(streamRequest(carol, "pipelined") + "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            connection.readUntil("event: presence");
            assertThat(carol.postForm("/logout", java.util.Map.of()).statusCode()).isEqualTo(303); // ends her stream
            connection.readUntil("\r\n0\r\n\r\n"); // the stream's last chunk: it ended normally
            assertThat(connection.read().status()).isEqualTo(200);
        }
    }

    @Test
    void aRequestSentOnAStreamsConnectionEndsTheStreamAndIsAnswered() {
        try (EventStream watching = alice.events("next-request");
                RawHttp connection = new RawHttp(server.port())) {
            watching.next(PresenceTest.names("alice"), WITHIN);
            connection.send(streamRequest(bob, "next-request"));
            connection.readUntil("<li>bob</li>");
            watching.next(PresenceTest.names("alice", "bob"), WITHIN);
            // The client has something else to ask on this connection: the stream ends so it can be answered.
            connection.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            connection.readUntil("\r\n0\r\n\r\n");
            assertThat(connection.read().status()).isEqualTo(200);
            watching.next(PresenceTest.names("alice"), WITHIN);
        }
    }

    @Test
    void aPageGoingAwayEndsItsOwnStreamAndNotThePersonsOtherTabs() {
        try (EventStream watching = alice.events("beacon");
                EventStream leaving = bob.eventsAt("/rooms/beacon/events?page=" + LEAVING);
                EventStream staying = bob.eventsAt("/rooms/beacon/events?page=" + STAYING)) {
            watching.next(PresenceTest.names("alice", "bob"), WITHIN);
            assertThat(pageLeft(bob, "beacon", LEAVING)).isEqualTo(204);
            assertThat(leaving.awaitEnd(WITHIN)).as("the page's own stream ends").isTrue();
            // Presence is sent again when a stream closes; bob is still here in his other tab.
            watching.next(PresenceTest.names("alice", "bob"), WITHIN);
            alice.sayOk("beacon", "still there?");
            staying.next(e -> e.type().equals("message") && e.data().contains("still there?"), WITHIN);

            long left = System.nanoTime();
            assertThat(pageLeft(bob, "beacon", STAYING)).isEqualTo(204);
            watching.next(PresenceTest.names("alice"), WITHIN);
            Measured.print("left: page said it was going, one node", left);
        }
    }

    @Test
    void aPageTokenOfSomeoneElseOrOfNoPageEndsNothing() {
        try (EventStream bobs = bob.eventsAt("/rooms/forged/events?page=" + LEAVING)) {
            bobs.next(PresenceTest.names("bob"), WITHIN);
            assertThat(pageLeft(alice, "forged", LEAVING)).as("bob's page, named by alice").isEqualTo(204);
            assertThat(pageLeft(bob, "forged", STAYING)).as("a page bob does not have open").isEqualTo(204);
            assertThat(pageLeft(bob, "elsewhere", LEAVING)).as("bob's page, in another room").isEqualTo(204);
            // On one node a page is ended before the answer: a message posted now would not reach an ended stream.
            alice.sayOk("forged", "after the forgeries");
            bobs.next(e -> e.type().equals("message") && e.data().contains("after the forgeries"), WITHIN);
        }
    }

    @Test
    void aPageGoingAwayIsAPostLikeAnyOther() {
        var malformed = bob.send(bob.request("/rooms/lobby/events/not%20a%20token/end")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(malformed.statusCode()).isEqualTo(404);
        assertThat(malformed.body()).contains("There is no such page of #lobby to end.");
        var crossSite = bob.send(bob.request("/rooms/lobby/events/" + LEAVING + "/end", "Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(crossSite.statusCode()).isEqualTo(403);
        var signedOut = server.client().send(server.client().request("/rooms/lobby/events/" + LEAVING + "/end")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(signedOut.statusCode()).isEqualTo(401);
        var read = bob.get("/rooms/lobby/events/" + LEAVING + "/end");
        assertThat(read.statusCode()).isEqualTo(405);
    }

    @Test
    void theRoomPageNamesItselfInItsStreamsAddressAndEachPageDifferently() {
        String first = streamAddress(bob.get("/rooms/named").body());
        String second = streamAddress(bob.get("/rooms/named").body());
        assertThat(first).matches("/rooms/named/events\\?after=0&page=[A-Za-z0-9_-]{22}");
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void theHomePageCountsThePeopleHereAsPresenceDoesAndDropsAClosedPageAtOnce() {
        alice.sayOk("counted", "hello"); // a room is listed from its first message
        try (EventStream one = bob.events("counted"); EventStream two = bob.events("counted")) {
            one.next(PresenceTest.names("bob"), WITHIN);
            two.next(PresenceTest.names("bob"), WITHIN);
            assertThat(here(alice.get("/").body(), "counted")).as("bob, in two tabs").isEqualTo(1);
            RawHttp third = openStream(alice, "counted");
            assertThat(here(alice.get("/").body(), "counted")).isEqualTo(2);
            third.close();
            assertThat(Poll.until(() -> here(bob.get("/").body(), "counted"), n -> n == 1, WITHIN)).isEqualTo(1);
        }
        assertThat(Poll.until(() -> here(bob.get("/").body(), "counted"), n -> n == 0, WITHIN)).isZero();
    }

    static final String LEAVING = "leavingPageToken_0001";
    static final String STAYING = "stayingPageToken_0002";

    /** What the page's beacon sends as it goes: a POST without a body. */
    static int pageLeft(Client who, String room, String page) {
        return who.send(who.request("/rooms/" + room + "/events/" + page + "/end")
                .POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode();
    }

    /** The room page's stream address, as the SSE extension reads it. */
    static String streamAddress(String page) {
        Matcher connect = Pattern.compile("data-sse-connect=\"([^\"]+)\"").matcher(page);
        assertThat(connect.find()).isTrue();
        return connect.group(1).replace("&amp;", "&");
    }

    /** How many people the home page says are in the room now (0 when it says nothing). */
    static int here(String home, String room) {
        Matcher card = Pattern.compile("href=\"/rooms/" + room + "\">#" + room + "</a>\\s*<span class=\"meta\">(.*?)</span>",
                Pattern.DOTALL).matcher(home);
        assertThat(card.find()).as("#%s on the home page", room).isTrue();
        Matcher here = Pattern.compile("<strong>(\\d+) here</strong>").matcher(card.group(1));
        return here.find() ? Integer.parseInt(here.group(1)) : 0;
    }

    /** Opens {@code who}'s stream of the room on a connection of its own, and reads until it is here. */
    static RawHttp openStream(Client who, String room) {
        RawHttp connection = new RawHttp(who.server().port());
        connection.send(streamRequest(who, room));
        connection.readUntil("event: presence");
        return connection;
    }

    static String streamRequest(Client who, String room) {
        return "GET /rooms/" + room + "/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                + "Cookie: " + who.cookieHeader() + "\r\n\r\n";
    }

    /** A presence event naming exactly these people, in this order. */
    static java.util.function.Predicate<EventStream.Event> names(String... names) {
        StringBuilder list = new StringBuilder();
        for (String name : names) {
            list.append("<li>").append(name).append("</li>");
        }
        return e -> e.type().equals("presence") && e.data().equals(list.toString());
    }

    /** How long a join or a leave took to be seen, in the test log, for the record (reports quote it). */
    static final class Measured {
        static void print(String what, long sinceNanos) {
            System.out.printf("presence: %s, after %d ms%n", what, (System.nanoTime() - sinceNanos) / 1_000_000);
        }
    }
}
