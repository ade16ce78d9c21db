package parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.EventStream;
import parley.support.EventStream.Event;
import parley.support.Html;
import parley.support.TestServer;

/** A subscriber that stops reading must not hold up anyone else, and is dropped once its queue is full. */
class SlowSubscriberTest {

    @Test
    void aStalledSubscriberDoesNotDelayTheOthersAndIsDropped() throws Exception {
        try (TestServer server = TestServer.start("--queue", "8", "--heartbeat", "10s", "--limits", "off",
                "--metrics-port", "0")) {
            Client writer = server.signedIn("writer");
            Client reader = server.signedIn("reader");
            String cookie = sessionCookie(server, "stalled");

            try (Socket stalled = new Socket()) {
                stalled.setReceiveBufferSize(4096);
                stalled.connect(new java.net.InetSocketAddress("127.0.0.1", URI.create(server.url("/")).getPort()));
                stalled.getOutputStream().write(("GET /rooms/slow/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n"
                        + "Cookie: " + cookie + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                readUntil(stalled.getInputStream(), "event: reset"); // connected; from now on it reads nothing

                try (EventStream healthy = reader.events("slow")) {
                    healthy.next(e -> e.type().equals("presence") && e.data().contains("stalled"), Duration.ofSeconds(5));
                    // 2000 emoji are 8 KB a message: a few hundred fill the kernel's buffers for the stalled
                    // socket, then its queue of 8, and then it must be dropped.
                    String big = "😀".repeat(1990);
                    boolean dropped = false;
                    for (int i = 0; i < 2000 && !dropped; i++) {
                        long sent = System.nanoTime();
                        writer.sayOk("slow", i + " " + big);
                        Event event = healthy.next(e -> e.type().equals("message") || e.type().equals("presence"),
                                Duration.ofSeconds(2));
                        if (event.type().equals("presence")) {
                            dropped = !event.data().contains("stalled");
                            event = healthy.next("message", Duration.ofSeconds(2));
                        }
                        assertThat(Html.texts(event.data()).getFirst()).startsWith(i + " ");
                        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(2));
                    }
                    assertThat(dropped).as("the stalled subscriber was dropped").isTrue();
                    assertThat(server.scrape().value("parley_slow_clients_dropped_total")).as("and counted, once").isEqualTo(1);
                }
            }
        }
    }

    private static String sessionCookie(TestServer server, String name) {
        var response = server.client().postForm("/signup",
                java.util.Map.of("name", name, "password", parley.support.Client.PASSWORD));
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static void readUntil(InputStream in, String marker) throws Exception {
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[1024];
        while (!seen.toString().contains(marker)) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new AssertionError("stream ended before " + marker + ": " + seen);
            }
            seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
    }
}
