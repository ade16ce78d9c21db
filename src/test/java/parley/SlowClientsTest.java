package parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.Html;
import parley.support.LogCapture;
import parley.support.RawHttp;
import parley.support.TestServer;
import parley.web.WebServer;

/**
 * Slow clients cost the node memory and connections, never its request threads. Clients that send their
 * headers and then only part of a body, and then nothing: with twice as many of them as the node has request
 * threads, signed in and signed out, a person's page loads and posts are still answered at once, and at the
 * deadline each stalled client gets a 408 and its connection is closed. The same with clients that ask for a
 * large page and never read it.
 */
class SlowClientsTest {
    private static final int STALLED = 2 * WebServer.REQUEST_THREADS;
    /** Far longer than a page or a post takes, far shorter than the body deadline the stalled ones wait for. */
    private static final Duration PROMPTLY = Duration.ofSeconds(3);

    @Test
    void stalledRequestBodiesHoldNoThreadAndAreClosedAtTheirDeadline() {
        try (LogCapture log = LogCapture.expected("slow-clients");
             TestServer server = TestServer.start("--limits", "off")) {
            Client ann = server.signedIn("ann");
            List<RawHttp> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < STALLED; i++) {
                    RawHttp client = new RawHttp(server.port(), WebServer.BODY_DEADLINE.multipliedBy(2));
                    // Three in four post a message, signed in; the rest sign in. Each sends 10 of the 100 bytes it declared.
                    String cookie = i % 4 == 3 ? "" : "Cookie: " + ann.cookieHeader() + "\r\n";
                    String path = i % 4 == 3 ? "/session" : "/rooms/lobby/messages";
                    client.send("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + cookie
                            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ntext=stal");
                    stalled.add(client);
                }
                long start = System.nanoTime();

                HttpClient person = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                assertThat(send(person, HttpRequest.newBuilder(URI.create(server.url("/"))).GET()).statusCode())
                        .isEqualTo(200);
                HttpResponse<String> post = send(person, HttpRequest.newBuilder(URI.create(server.url("/rooms/lobby/messages")))
                        .header("Cookie", ann.cookieHeader()).header("HX-Request", "true")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("text=answered+at+once")));
                assertThat(post.statusCode()).as(post.body()).isEqualTo(200);
                assertThat(Html.texts(ann.get("/rooms/lobby").body())).containsExactly("answered at once");
                // All that while, every stalled body was still waiting for its deadline.
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WebServer.BODY_DEADLINE);

                for (RawHttp client : stalled) {
                    RawHttp.Response timedOut = client.read();
                    assertThat(timedOut.status()).isEqualTo(408);
                    assertThat(timedOut.body()).contains("did not arrive within 10 seconds");
                    assertThat(client.closedByServer()).as("the connection is closed after the 408").isTrue();
                }
            } finally {
                stalled.forEach(RawHttp::close);
            }
            assertThat(Html.texts(ann.get("/rooms/lobby").body())).containsExactly("answered at once");
            assertThat(log.text()).contains("Closed a connection whose request body did not arrive within 10 s (408)")
                    .doesNotContain("Exception");
        }
    }

    /**
     * Clients that ask for a large page and then read nothing: the page no longer fits in the connection's
     * send buffers, so a thread writing it would wait for them. With twice as many of them as the node has
     * request threads, a person's page loads and posts are still answered at once.
     */
    @Test
    void slowReadersOfALargePageHoldNoThread() throws Exception {
        try (TestServer server = TestServer.start("--limits", "off")) {
            Client ann = server.signedIn("ann");
            for (int i = 0; i < 100; i++) {
                ann.sayOk("long", "x".repeat(2000));
            }
            int pageBytes = ann.get("/rooms/long").body().length();
            assertThat(pageBytes).as("larger than the send buffers hold").isGreaterThan(200_000);
            List<Socket> readers = new ArrayList<>();
            try {
                for (int i = 0; i < STALLED; i++) {
                    Socket reader = new Socket();
                    reader.setReceiveBufferSize(4096); // a small window, which it never empties
                    reader.connect(new InetSocketAddress("127.0.0.1", server.port()));
                    reader.getOutputStream().write(("GET /rooms/long HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: "
                            + ann.cookieHeader() + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                    readers.add(reader);
                }

                HttpClient person = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                assertThat(send(person, HttpRequest.newBuilder(URI.create(server.url("/"))).GET()).statusCode())
                        .isEqualTo(200);
                HttpResponse<String> post = send(person, HttpRequest.newBuilder(URI.create(server.url("/rooms/lobby/messages")))
                        .header("Cookie", ann.cookieHeader()).header("HX-Request", "true")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("text=answered+at+once")));
                assertThat(post.statusCode()).as(post.body()).isEqualTo(200);
            } finally {
                for (Socket reader : readers) {
                    reader.close();
                }
            }
            assertThat(ann.get("/health").statusCode()).isEqualTo(200);
        }
    }

    /** Sends with a deadline: with every request thread held, this is where it would wait. */
    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(PROMPTLY).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("no answer within " + PROMPTLY + " while " + STALLED + " slow clients were connected", e);
        }
    }
}
