package parley;

import static org.assertj.core.api.Assertions.assertThat;
import static parley.IdempotentPostingTest.htmx;
import static parley.IdempotentPostingTest.replayed;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.EventStream;
import parley.support.Html;
import parley.support.LogCapture;
import parley.support.Postgres;
import parley.support.RawHttp;
import parley.support.TestServer;

/**
 * Idempotent posting across two nodes sharing one real PostgreSQL, as behind nginx, which resends a post
 * that failed on one node to the other: the key lives in the database, so the second node knows it.
 */
class IdempotentPostingClusterTest {
    static final Postgres postgres = Postgres.shared();

    /** Both streams got the message once: the next message each brings after it is a marker posted later. */
    static void shownOnce(String text, Client poster, String room, EventStream... streams) {
        for (EventStream stream : streams) {
            assertThat(Html.texts(stream.next("message").data())).containsExactly(text);
        }
        poster.sayOk(room, "marker");
        for (EventStream stream : streams) {
            assertThat(Html.texts(stream.next("message").data())).as("nothing between the message and the marker")
                    .containsExactly("marker");
        }
    }

    @Test
    void theSamePostSentToTheOtherNodeGetsTheFirstAnswerAndStoresNothing() {
        String database = postgres.newDatabase();
        try (TestServer a = TestServer.start("--database-url", database, "--limits", "off");
                TestServer b = TestServer.start("--database-url", database, "--limits", "off")) {
            Client onA = a.signedIn("ann");
            Client onB = onA.on(b);
            String key = UUID.randomUUID().toString();
            try (EventStream streamA = onA.events("resend"); EventStream streamB = onB.events("resend")) {
                streamA.next("reset");
                streamB.next("reset");
                HttpResponse<String> first = htmx(onA, "resend", "sent once", key);
                HttpResponse<String> again = htmx(onB, "resend", "sent once", key);
                assertThat(List.of(first.statusCode(), again.statusCode())).containsExactly(200, 200);
                assertThat(replayed(first)).isFalse();
                assertThat(replayed(again)).isTrue();
                assertThat(again.body()).startsWith("<form id=\"compose\"").doesNotContain("sent once");
                shownOnce("sent once", onA, "resend", streamA, streamB);
            }
            assertThat(Html.texts(onB.get("/rooms/resend").body())).containsExactly("sent once", "marker");
        }
    }

    @Test
    void manyPostsWithOneKeyAtOnceOnBothNodesStoreOne() throws Exception {
        String database = postgres.newDatabase();
        try (TestServer a = TestServer.start("--database-url", database, "--limits", "off");
                TestServer b = TestServer.start("--database-url", database, "--limits", "off")) {
            Client onA = a.signedIn("ann");
            Client onB = onA.on(b);
            String key = UUID.randomUUID().toString();
            try (EventStream streamA = onA.events("race"); EventStream streamB = onB.events("race")) {
                streamA.next("reset");
                streamB.next("reset");
                List<HttpResponse<String>> answers = IdempotentPostingTest.atOnce(8,
                        i -> htmx(i % 2 == 0 ? onA : onB, "race", "one of eight", key));
                assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(200));
                assertThat(answers).filteredOn(answer -> !replayed(answer)).hasSize(1);
                shownOnce("one of eight", onA, "race", streamA, streamB);
            }
        }
    }

    /** nginx resends only a 503 or a failed connection; a 429 goes back to the person, who may retry anywhere. */
    @Test
    void aPostRefusedWith429OnOneNodeIsStoredWhenSentToTheOther() {
        String database = postgres.newDatabase();
        try (TestServer a = TestServer.start("--database-url", database, "--posts-per-person", "1/1h");
                TestServer b = TestServer.start("--database-url", database, "--limits", "off")) {
            Client onA = a.signedIn("ann");
            Client onB = onA.on(b);
            onA.sayOk("limited", "uses a's allowance");
            String key = UUID.randomUUID().toString();
            HttpResponse<String> refused = htmx(onA, "limited", "try elsewhere", key);
            assertThat(refused.statusCode()).isEqualTo(429);
            HttpResponse<String> elsewhere = htmx(onB, "limited", "try elsewhere", key);
            assertThat(elsewhere.statusCode()).isEqualTo(200);
            assertThat(replayed(elsewhere)).isFalse();
            assertThat(Html.texts(onA.get("/rooms/limited").body())).containsExactly("uses a's allowance", "try elsewhere");
        }
    }

    /** PostgreSQL refuses the write (as on a full disk): 503, nothing recorded, and the resend stores it. */
    @Test
    void aPostRefusedWith503IsStoredWhenSentAgain() {
        String database = postgres.newDatabase();
        try (TestServer a = TestServer.start("--database-url", database, "--limits", "off");
                TestServer b = TestServer.start("--database-url", database, "--limits", "off")) {
            Client onA = a.signedIn("ann");
            Client onB = onA.on(b);
            String key = UUID.randomUUID().toString();
            try (LogCapture log = LogCapture.expected("idempotent-cluster-store-refused")) {
                postgres.execute(database, "CREATE FUNCTION refuse_posts() RETURNS trigger LANGUAGE plpgsql AS "
                        + "$$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$");
                postgres.execute(database, "CREATE TRIGGER refuse_posts BEFORE INSERT ON messages "
                        + "FOR EACH ROW EXECUTE FUNCTION refuse_posts()");
                try {
                    assertThat(htmx(onA, "refused", "store me", key).statusCode()).isEqualTo(503);
                } finally {
                    postgres.execute(database, "DROP TRIGGER refuse_posts ON messages");
                }
                assertThat(log.text()).contains("refused by the test");
            }
            try (EventStream streamA = onA.events("refused")) {
                streamA.next("reset");
                HttpResponse<String> resent = htmx(onB, "refused", "store me", key);
                assertThat(resent.statusCode()).isEqualTo(200);
                assertThat(replayed(resent)).isFalse();
                shownOnce("store me", onB, "refused", streamA);
            }
        }
    }

    /**
     * The case nginx's resend used to double: a node stores the post and is killed before its answer reaches
     * the client (here the client never reads it, and the node is SIGKILLed), so the client sends the same
     * request, with the same key, to the other node. It gets the first answer; the message is there once.
     */
    @Test
    void aPostWhoseNodeDiedBeforeAnsweringIsNotStoredAgainThroughTheOther() {
        String database = postgres.newDatabase();
        try (TestServer b = TestServer.start("--database-url", database, "--limits", "off");
                TestServer a = TestServer.startProcess("idempotent-killed-node", "--database-url", database,
                        "--limits", "off")) {
            Client onB = b.signedIn("ann");
            String key = UUID.randomUUID().toString();
            String body = Client.encode(Map.of("text", "answer lost", "idempotency_key", key));
            try (EventStream streamB = onB.events("lost"); RawHttp toA = new RawHttp(a.port())) {
                streamB.next("reset");
                toA.send("POST /rooms/lost/messages HTTP/1.1\r\nHost: 127.0.0.1:" + a.port() + "\r\n"
                        + "Cookie: " + onB.cookieHeader() + "\r\nHX-Request: true\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\n"
                        + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
                // Stored: the other node's stream has it. The answer is never read, and the node dies.
                assertThat(Html.texts(streamB.next("message").data())).containsExactly("answer lost");
                a.kill();

                HttpResponse<String> retried = htmx(onB, "lost", "answer lost", key);
                assertThat(retried.statusCode()).isEqualTo(200);
                assertThat(replayed(retried)).isTrue();
                onB.sayOk("lost", "marker");
                assertThat(Html.texts(streamB.next("message").data())).containsExactly("marker");
            }
            assertThat(Html.texts(onB.get("/rooms/lost").body())).containsExactly("answer lost", "marker");
        }
    }
}
