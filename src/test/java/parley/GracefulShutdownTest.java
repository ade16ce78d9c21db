package parley;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.EventStream;
import parley.support.Html;
import parley.support.Poll;
import parley.support.RawHttp;
import parley.support.TestServer;

/**
 * SIGTERM stops a node gracefully: it takes no new work, ends its streams so browsers reconnect, lets the
 * post it is in the middle of finish, and closes its database before it exits.
 */
class GracefulShutdownTest {
    /** Every option the node starts with. A long heartbeat, so a stream can only end because the node ended it. */
    static final String[] OPTIONS = {"--heartbeat", "20s"};

    @Test
    void sigtermTakesNoNewWorkEndsStreamsFinishesThePostInFlightAndClosesTheDatabase() {
        try (TestServer node = TestServer.startProcess("graceful-shutdown", OPTIONS)) {
            Client ann = node.signedIn("ann");
            ann.sayOk("graceful", "before");
            // SQLite keeps its write-ahead log while connections are open; closing the last one cleanly
            // checkpoints it into the database file and deletes it. A killed process leaves it behind.
            Path wal = Path.of(node.data() + "-wal");
            assertThat(wal).as("SQLite's write-ahead log while the node runs").exists();

            try (EventStream stream = ann.events("graceful");
                    RawHttp post = new RawHttp(node.port());
                    RawHttp keptAlive = new RawHttp(node.port())) {
                stream.next("reset");

                // A post in flight, held there by its client: the headers, then (once the node has started
                // reading the body, which it says with 100 Continue) only half of the body.
                byte[] body = Client.encode(Map.of("text", "in flight")).getBytes(ISO_8859_1);
                int half = body.length / 2;
                post.send("POST /rooms/graceful/messages HTTP/1.1\r\n"
                        + "Host: 127.0.0.1\r\n"
                        + "Cookie: " + ann.cookieHeader() + "\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\n"
                        + "Content-Length: " + body.length + "\r\n"
                        + "Expect: 100-continue\r\n"
                        + "\r\n");
                assertThat(post.status()).isEqualTo(100);
                post.send(body, 0, half);
                // A connection kept open between requests, as a proxy or a browser keeps one.
                assertThat(keptAlive.health()).isEqualTo(200);

                node.sigterm();

                assertThat(stream.awaitEnd(Duration.ofSeconds(5))).as("stream ended by the node").isTrue();
                awaitRefused(node.port(), Duration.ofSeconds(5));
                awaitHealth(keptAlive, 503, Duration.ofSeconds(5));

                post.send(body, half, body.length - half);
                assertThat(post.status()).as("the post in flight").isEqualTo(303);
            }

            assertThat(node.awaitExit(Duration.ofSeconds(15))).as("exit code after SIGTERM").isIn(0, 143);
            assertThat(wal).as("write-ahead log after the node closed its database").doesNotExist();

            node.restart();
            assertThat(Html.texts(ann.get("/rooms/graceful").body())).containsExactly("before", "in flight");
        }
    }

    /** Waits until connecting to the port is refused: the node has stopped accepting connections. */
    private static void awaitRefused(int port, Duration timeout) {
        boolean refused = Poll.until(() -> refuses(port), yes -> yes, timeout);
        assertThat(refused).as("connections refused within %s of SIGTERM", timeout).isTrue();
    }

    private static boolean refuses(int port) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return false;
        } catch (ConnectException refused) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asks /health on the connection until it answers {@code wanted}. */
    private static void awaitHealth(RawHttp connection, int wanted, Duration timeout) {
        assertThat(Poll.until(connection::health, status -> status == wanted, timeout))
                .as("/health %s after SIGTERM", timeout).isEqualTo(wanted);
    }
}
