package parley.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * What one request costs, one at a time (issue 14: "measure the post and stream-open cost before and
 * after"): sequential posts on one kept-alive connection, then sequential stream opens, each on a new
 * connection, timed from connecting to the stream's first event (its retry delay) and closed. Nothing else
 * runs, so the figures are the server's time per request (plus loopback), and its CPU time per request.
 */
final class Latency {
    private static final String ROOM = "latency";

    private Latency() {}

    static String measure(ServerProcess server, int posts, int opens) throws IOException {
        String cookie = Scenarios.signIn(server);
        try (HttpSession session = new HttpSession(server.port)) {
            // The JIT compiles the paths first; the figures are of its steady state.
            post(session, cookie, posts / 2, null);
            open(server.port, cookie, opens / 2, null);

            long[] postNanos = new long[posts];
            ServerProcess.Usage before = server.usage();
            post(session, cookie, posts, postNanos);
            ServerProcess.Usage afterPosts = server.usage();
            long[] openNanos = new long[opens];
            open(server.port, cookie, opens, openNanos);
            ServerProcess.Usage afterOpens = server.usage();
            return String.format(Locale.ROOT, "%s: %s; %s", server.name,
                    summary("post", postNanos, afterPosts.cpuNanos() - before.cpuNanos()),
                    summary("stream open", openNanos, afterOpens.cpuNanos() - afterPosts.cpuNanos()));
        }
    }

    private static void post(HttpSession session, String cookie, int count, long[] nanos) throws IOException {
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            HttpSession.Response response = session.postForm("/rooms/" + ROOM + "/messages", cookie,
                    "text=latency+" + i, true);
            long took = System.nanoTime() - start;
            if (response.status() / 100 != 2) {
                throw new IOException("a post answered " + response.status());
            }
            if (nanos != null) {
                nanos[i] = took;
            }
        }
    }

    private static void open(int port, String cookie, int count, long[] nanos) throws IOException {
        byte[] request = ("GET /rooms/" + ROOM + "/events HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nCookie: " + cookie
                + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            try (Socket socket = new Socket()) {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(request);
                firstEvent(new BufferedInputStream(socket.getInputStream()));
            }
            long took = System.nanoTime() - start;
            if (nanos != null) {
                nanos[i] = took;
            }
        }
    }

    /** Reads the response head (it must be 200) and the body up to the end of its first event. */
    private static void firstEvent(InputStream in) throws IOException {
        StringBuilder seen = new StringBuilder();
        int headEnd = -1;
        int b;
        while ((b = in.read()) != -1) {
            seen.append((char) b);
            if (headEnd < 0 && seen.length() >= 4 && seen.lastIndexOf("\r\n\r\n") == seen.length() - 4) {
                headEnd = seen.length();
                if (!seen.toString().startsWith("HTTP/1.1 200")) {
                    throw new IOException("a stream open answered " + seen.substring(0, seen.indexOf("\r")));
                }
            } else if (headEnd >= 0 && seen.length() - headEnd >= 2 && seen.charAt(seen.length() - 1) == '\n'
                    && seen.charAt(seen.length() - 2) == '\n') {
                return;
            }
        }
        throw new IOException("the stream ended before its first event");
    }

    private static String summary(String what, long[] nanos, long cpuNanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%,d %ss: p50 %.2f ms, p99 %.2f ms, max %.2f ms, server CPU %.0f µs each",
                sorted.length, what, millis(sorted[sorted.length / 2]), millis(sorted[(int) (sorted.length * 0.99)]),
                millis(sorted[sorted.length - 1]), cpuNanos / 1000.0 / sorted.length);
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }
}
