package parley;

import static org.assertj.core.api.Assertions.assertThat;
import static parley.PresenceTest.WITHIN;
import static parley.PresenceTest.names;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.EventStream;
import parley.support.Poll;
import parley.support.RawHttp;

/**
 * Presence is true within 2 s on every node (design invariant 9): who joins on one node is shown on the
 * other, and who closes their page or says it is going leaves there too. The heartbeat is 20 s, so nothing
 * seen within 2 s is the heartbeat's doing.
 */
class ClusterPresenceTest extends TwoNodes {

    @Override
    String heartbeat() {
        return "20s";
    }

    @Test
    void someoneWhoJoinsOnOneNodeIsShownOnTheOther() {
        Client alice = b.signedIn("alice");
        Client bob = a.signedIn("bob");
        try (EventStream onB = alice.events("joining")) {
            onB.next(names("alice"), WITHIN);
            long joined = System.nanoTime();
            try (EventStream onA = bob.events("joining")) {
                onB.next(names("alice", "bob"), WITHIN);
                PresenceTest.Measured.print("joined: shown on the other node", joined);
                onA.next(names("alice", "bob"), WITHIN);
            }
        }
    }

    @Test
    void aPageWhoseConnectionClosesOnOneNodeLeavesTheOther() {
        Client alice = b.signedIn("alice");
        Client bob = a.signedIn("bob");
        try (EventStream onB = alice.events("closing")) {
            onB.next(names("alice"), WITHIN);
            RawHttp tab = PresenceTest.openStream(bob, "closing");
            onB.next(names("alice", "bob"), WITHIN);
            long closed = System.nanoTime();
            tab.close();
            onB.next(names("alice"), WITHIN);
            PresenceTest.Measured.print("left: connection closed on one node, seen on the other", closed);
        }
    }

    @Test
    void aPageSayingItIsGoingToOneNodeEndsItsStreamOnTheOther() {
        Client alice = b.signedIn("alice");
        Client bob = a.signedIn("bob");
        Client bobOnB = bob.on(b); // the same browser, its next request balanced to the other node
        try (EventStream onB = alice.events("beacon");
                EventStream leaving = bob.eventsAt("/rooms/beacon/events?page=" + PresenceTest.LEAVING);
                EventStream staying = bob.eventsAt("/rooms/beacon/events?page=" + PresenceTest.STAYING)) {
            onB.next(names("alice", "bob"), WITHIN);
            assertThat(PresenceTest.pageLeft(bobOnB, "beacon", PresenceTest.LEAVING)).isEqualTo(204);
            assertThat(leaving.awaitEnd(WITHIN)).as("the page's stream, on the other node, ends").isTrue();
            onB.next(names("alice", "bob"), WITHIN); // still here, in the other tab

            long left = System.nanoTime();
            assertThat(PresenceTest.pageLeft(bobOnB, "beacon", PresenceTest.STAYING)).isEqualTo(204);
            assertThat(staying.awaitEnd(WITHIN)).isTrue();
            onB.next(names("alice"), WITHIN);
            PresenceTest.Measured.print("left: page said it was going to the other node, seen there", left);
        }
    }

    @Test
    void theHomePageOnOneNodeCountsThePeopleOnBoth() {
        Client alice = b.signedIn("alice");
        Client bob = a.signedIn("bob");
        alice.sayOk("counted", "hello");
        try (EventStream onA = bob.events("counted"); EventStream onB = alice.events("counted")) {
            onA.next(names("alice", "bob"), WITHIN);
            onB.next(names("alice", "bob"), WITHIN);
            assertThat(PresenceTest.here(alice.get("/").body(), "counted")).isEqualTo(2);
            assertThat(PresenceTest.here(bob.get("/").body(), "counted")).isEqualTo(2);
        }
        assertThat(Poll.until(() -> PresenceTest.here(alice.get("/").body(), "counted"), n -> n == 0,
                Duration.ofSeconds(2))).isZero();
    }
}
