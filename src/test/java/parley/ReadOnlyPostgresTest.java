package parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.EventStream;
import parley.support.LogCapture;
import parley.support.Poll;
import parley.support.PostLedger;
import parley.support.Postgres;
import parley.support.TestServer;

/**
 * A node whose PostgreSQL refuses writes, as a managed PostgreSQL does when its storage is used up (it sets
 * default_transaction_read_only) and as an operator may for maintenance: posts are refused with 503 only when
 * nothing was stored, /health says why, and posting works again once the database takes writes, without a
 * restart, though every session the node opened meanwhile still carries the setting.
 */
class ReadOnlyPostgresTest {
    static final Postgres postgres = Postgres.shared();

    @Test
    void aDatabaseThatRefusesWritesGets503sThatStoreNothingAndPostingResumesWithoutARestart() {
        String url = postgres.newDatabase();
        String name = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
        PostLedger posts;
        try (LogCapture log = LogCapture.expected("postgres-read-only")) {
            TestServer node = TestServer.start("--database-url", url, "--heartbeat", "1s", "--limits", "off");
            try {
                Client alice = node.signedIn("alice");
                posts = new PostLedger(alice, "frozen", 100);
                try (EventStream stream = alice.events("frozen")) {
                    stream.next("reset");
                    posts.postOk();

                    postgres.execute("ALTER DATABASE " + name + " SET default_transaction_read_only = on");
                    postgres.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
                    // The first requests may meet the connections PostgreSQL just closed ("does not answer"); once
                    // the pool has new ones, sessions are still read, and the posts find the database read-only.
                    String refusing = Poll.until(() -> {
                        posts.post();
                        return health(alice);
                    }, h -> h.contains("read-only"), Duration.ofSeconds(15));
                    assertThat(refusing).isEqualTo("503 unavailable: PostgreSQL refuses writes: the database is read-only\n");
                    for (int i = 0; i < 3; i++) {
                        assertThat(posts.post()).as("a post while the database is read-only").isEqualTo(503);
                    }

                    // Only new sessions see this: the node's open ones still refuse until it lets them go.
                    postgres.execute("ALTER DATABASE " + name + " SET default_transaction_read_only = off");
                    assertThat(Poll.until(posts::post, answer -> answer == 200, Duration.ofSeconds(10)))
                            .as("a post once the database takes writes again").isEqualTo(200);
                    for (int i = 0; i < 3; i++) {
                        posts.postOk();
                    }
                    assertThat(Poll.until(() -> health(alice), h -> h.startsWith("200"), Duration.ofSeconds(10)))
                            .isEqualTo("200 ok\n");
                    posts.assertDelivered(stream);
                }
            } finally {
                node.close();
                postgres.execute("ALTER DATABASE " + name + " RESET default_transaction_read_only");
            }
            assertThat(log.text().lines().filter(line -> line.contains("Posts cannot be stored: PostgreSQL refuses writes: "
                    + "the database is read-only")).count()).as("lines saying so, in:\n" + log.text()).isEqualTo(1);
            assertThat(log.text().lines().filter(line -> line.contains("Posts are stored again")).count()).isEqualTo(1);
        }
        assertThat(posts.refused()).hasSizeGreaterThanOrEqualTo(4);
        posts.assertStored(url);
    }

    private static String health(Client client) {
        HttpResponse<String> response = client.get("/health");
        return response.statusCode() + " " + response.body();
    }
}
