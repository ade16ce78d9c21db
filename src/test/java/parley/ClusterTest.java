package parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.EventStream;
import parley.support.EventStream.Event;
import parley.support.Html;
import parley.support.LogCapture;
import parley.support.Poll;

/** Two Parley nodes sharing one real PostgreSQL, as behind a load balancer. */
class ClusterTest extends TwoNodes {

    @Test
    void aSessionMadeOnOneNodeIsValidOnTheOther() {
        Client alice = a.signedIn("alice");
        HttpResponse<String> page = alice.on(b).get("/rooms/lobby");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("alice");
    }

    @Test
    void postersOnBothNodesAreSeenInTheSameOrderOnBoth() throws Exception {
        Client alice = a.signedIn("alice");
        Client bob = alice.on(b);
        int posters = 4;
        int each = 200;
        try (EventStream onA = alice.events("busy"); EventStream onB = bob.events("busy");
                ExecutorService pool = Executors.newFixedThreadPool(posters)) {
            onA.next("reset");
            onB.next("reset");
            List<Future<?>> posting = new ArrayList<>();
            for (int p = 0; p < posters; p++) {
                Client poster = p % 2 == 0 ? alice : bob; // two on each node
                String name = "p" + p;
                posting.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        poster.sayOk("busy", name + "-" + i);
                    }
                }));
            }
            for (Future<?> poster : posting) {
                poster.get(120, TimeUnit.SECONDS);
            }
            List<Long> seenOnA = messageIds(onA, posters * each);
            List<Long> seenOnB = messageIds(onB, posters * each);
            assertThat(seenOnA).isSorted().doesNotHaveDuplicates().hasSize(posters * each);
            assertThat(seenOnB).isEqualTo(seenOnA);
        }
    }

    @Test
    void reconnectingToTheOtherNodeGetsExactlyWhatWasMissed() {
        Client alice = a.signedIn("alice");
        Client bob = b.signedIn("bob");
        String lastSeen;
        try (EventStream onA = alice.events("hop")) {
            onA.next("reset");
            bob.sayOk("hop", "seen");
            lastSeen = onA.next("message").id();
        }
        bob.sayOk("hop", "missed 1");
        bob.sayOk("hop", "missed 2");
        try (EventStream onB = alice.on(b).events("hop", "Last-Event-ID", lastSeen)) {
            bob.sayOk("hop", "live");
            assertThat(List.of(text(onB.next("message")), text(onB.next("message")), text(onB.next("message"))))
                    .containsExactly("missed 1", "missed 2", "live");
            assertThat(onB.drain()).noneMatch(e -> e.type().equals("message") || e.type().equals("reset"));
        }
    }

    @Test
    void aListeningConnectionKilledMidStreamLosesNothing() throws Exception {
        Client alice = a.signedIn("alice");
        Client bob = alice.on(b);
        int count = 150;
        expectedLog = LogCapture.expected("cluster-listening-connection-killed");
        try (EventStream onA = alice.events("cut"); EventStream onB = bob.events("cut")) {
            onA.next("reset");
            onB.next("reset");
            for (int i = 0; i < count; i++) {
                (i % 2 == 0 ? alice : bob).sayOk("cut", "m" + i);
                if (i == 40 || i == 90) {
                    // Both nodes lose their LISTEN connection while the posts go on.
                    postgres.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            + "WHERE application_name LIKE 'parley-listen%'");
                }
            }
            List<Long> seenOnA = messageIds(onA, count);
            assertThat(seenOnA).isSorted().doesNotHaveDuplicates().hasSize(count);
            assertThat(messageIds(onB, count)).isEqualTo(seenOnA);
        }
        assertThat(expectedLog.text()).contains("WARN parley.cluster.PostgresBus - Lost the PostgreSQL listening connection");
    }

    @Test
    void whilePostgresIsDownPostsAnswer503StreamsStayOpenAndAllRecovers() {
        Client alice = a.signedIn("alice");
        Client bob = alice.on(b);
        // Warnings on purpose: the nodes lose their connections (Hikari's come with stack traces), and a post fails.
        expectedLog = LogCapture.expected("cluster-postgres-outage");
        HttpResponse<String> refused;
        try (EventStream onB = bob.events("outage")) {
            onB.next("reset");
            alice.sayOk("outage", "before");
            assertThat(text(onB.next("message"))).isEqualTo("before");

            postgres.stop();
            try {
                refused = alice.say("outage", "during");
                assertThat(refused.statusCode()).isEqualTo(503);
                // Since issue 14 the session is looked up in the database first, so that is what fails.
                assertThat(refused.body()).contains("Try again in a moment").doesNotContain("Exception");
                assertThat(alice.get("/health").statusCode()).isEqualTo(503);
                // The stream is still open: it keeps its heartbeat.
                onB.next("comment", Duration.ofSeconds(5));
            } finally {
                postgres.restart();
            }

            HttpResponse<String> accepted = Poll.until(() -> alice.say("outage", "after"),
                    response -> response.statusCode() == 200, Duration.ofSeconds(30));
            assertThat(accepted.statusCode()).isEqualTo(200);
            assertThat(text(onB.next("message", Duration.ofSeconds(15)))).isEqualTo("after");
            assertThat(Html.texts(bob.get("/rooms/outage").body())).containsExactly("before", "after");
            assertThat(Poll.until(() -> alice.get("/health").statusCode(), status -> status == 200,
                    Duration.ofSeconds(15))).isEqualTo(200);
        }
        // The post is refused when its session cannot be read, before it reaches the message store.
        assertThat(expectedLog.text()).contains(
                "WARN parley.cluster.PostgresBus - Lost the PostgreSQL listening connection",
                "WARN parley.web.Refusals - The message store failed");
        assertThat(refused.body()).as("the refused text stays in the box").containsPattern("<textarea [^>]*name=\"text\"[^>]*>during</textarea>");
    }

    @Test
    void presenceShowsEveryNodesPeopleAndDropsANodeThatLeavesOrDies() {
        Client alice = a.signedIn("alice");
        Client bob = b.signedIn("bob");
        try (EventStream onA = alice.events("who")) {
            onA.next("reset");
            try (EventStream onB = bob.events("who")) {
                onB.next("reset");
                awaitPresence(onA, List.of("alice", "bob"));
                assertThat(alice.get("/rooms/who").body()).contains("bob");
            }
            awaitPresence(onA, List.of("alice"));

            // A node that dies stops beating: here one that was never a real process, so it can't say goodbye.
            postgres.execute(database, "INSERT INTO nodes VALUES ('ghost', now())");
            postgres.execute(database, "INSERT INTO presence VALUES ('ghost', 'who', ARRAY['casper'])");
            postgres.execute(database, "SELECT pg_notify('parley_presence', 'ghost who')");
            awaitPresence(onA, List.of("alice", "casper"));
            awaitPresence(onA, List.of("alice")); // within a few beats of half a second each
        }
    }

    private static void awaitPresence(EventStream stream, List<String> names) {
        stream.next(e -> e.type().equals("presence") && Html.listItems(e.data()).equals(names), Duration.ofSeconds(10));
    }

    private static List<Long> messageIds(EventStream stream, int count) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(Long.parseLong(stream.next("message", Duration.ofSeconds(20)).id()));
        }
        return ids;
    }

    private static String text(Event message) {
        return Html.texts(message.data()).getFirst();
    }
}
