package parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.EventStream;
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
            Measured.print("closed connection, one node", closed);
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

    /** How long a leave took to be seen, in the test log, for the record (docs and reports quote it). */
    static final class Measured {
        static void print(String how, long sinceNanos) {
            System.out.printf("presence: %s: seen gone after %d ms%n", how, (System.nanoTime() - sinceNanos) / 1_000_000);
        }
    }
}
