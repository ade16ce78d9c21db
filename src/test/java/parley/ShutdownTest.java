package parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.EventStream;
import parley.support.Html;
import parley.support.Postgres;
import parley.support.TestServer;

/** A node told to stop (SIGTERM) hands its browsers over to the other node and leaves the room. */
class ShutdownTest {
    static final Postgres postgres = Postgres.shared();

    @Test
    void sigtermEndsTheStreamsSoBrowsersMoveToAnotherNode() {
        String database = postgres.newDatabase();
        try (TestServer leaving = TestServer.startProcess("shutdown-node", "--database-url", database, "--heartbeat", "20s");
                TestServer staying = TestServer.start("--database-url", database, "--heartbeat", "20s")) {
            Client alice = leaving.signedIn("alice");
            Client bob = staying.signedIn("bob");
            try (EventStream onStaying = bob.events("handover"); EventStream onLeaving = alice.events("handover")) {
                onStaying.next("reset");
                onLeaving.next("reset");
                bob.sayOk("handover", "before");
                String lastSeen = onLeaving.next("message").id();
                awaitPresence(onStaying, List.of("alice", "bob"));

                long started = System.nanoTime();
                assertThat(leaving.terminate(Duration.ofSeconds(20))).as("exit code after SIGTERM").isIn(0, 143);
                // Ended by the server at once, not found dead at the next heartbeat (20 s).
                assertThat(onLeaving.awaitEnd(Duration.ofSeconds(10))).as("stream ended by the node").isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
                // The leaving node took its people out of the room as it left, not a sweep later.
                awaitPresence(onStaying, List.of("bob"));

                bob.sayOk("handover", "after");
                try (EventStream moved = alice.on(staying).events("handover", "Last-Event-ID", lastSeen)) {
                    assertThat(Html.texts(moved.next("message").data())).containsExactly("after");
                }
            }
        }
    }

    private static void awaitPresence(EventStream stream, List<String> names) {
        stream.next(e -> e.type().equals("presence") && Html.listItems(e.data()).equals(names), Duration.ofSeconds(10));
    }
}
