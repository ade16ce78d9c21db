package parley.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A password-hashing flood (issue 14): {@code clients} clients on 127.0.0.1 post to /session (wrong passwords,
 * names that do not exist, each one used once) or /signup (a new name each time) as fast as they are answered,
 * for {@code seconds}. Meanwhile a person at another loopback address (127.0.0.2) loads the home page five
 * times a second and signs in with the right password once a second, and the node's memory and threads are
 * read from /proc twice a second. Prints the flood's answers by status, the person's latencies, and the
 * node's RSS, peak RSS (VmHWM) and threads.
 *
 * <p>Usage: {@code java -cp parley-bench.jar parley.bench.SignInFlood <port> <node pid> session|signup
 * <clients> <seconds> <name> <password>} (the person's account must exist).
 */
public final class SignInFlood {
    private record Answer(int status, long nanos) {}

    private SignInFlood() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long pid = Long.parseLong(args[1]);
        String path = "/" + args[2];
        int clients = Integer.parseInt(args[3]);
        Duration length = Duration.ofSeconds(Long.parseLong(args[4]));
        String name = args[5];
        String password = args[6];
        URI base = URI.create("http://127.0.0.1:" + port);

        HttpClient flooder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpClient person = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .localAddress(InetAddress.getByName("127.0.0.2")).connectTimeout(Duration.ofSeconds(10)).build();
        long end = System.nanoTime() + length.toNanos();

        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Answer> flood = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; System.nanoTime() < end; i++) {
                    String form = path.equals("/signup")
                            ? "name=f" + client + "x" + i + "&password=flood-password-" + i
                            : "name=nobody" + client + "x" + i + "&password=wrong-password-" + i;
                    Answer answer = post(flooder, base.resolve(path), form);
                    statuses.computeIfAbsent(answer.status(), s -> new AtomicLong()).incrementAndGet();
                    flood.add(answer);
                }
            }));
        }

        ConcurrentLinkedQueue<Answer> pages = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Answer> signIns = new ConcurrentLinkedQueue<>();
        threads.add(Thread.ofVirtual().start(() -> {
            while (System.nanoTime() < end) {
                pages.add(get(person, base.resolve("/")));
                Bench.pause(Duration.ofMillis(200));
            }
        }));
        threads.add(Thread.ofVirtual().start(() -> {
            while (System.nanoTime() < end) {
                signIns.add(post(person, base.resolve("/session"),
                        "name=" + encode(name) + "&password=" + encode(password)));
                Bench.pause(Duration.ofSeconds(1));
            }
        }));

        long[] rss = status(pid);
        long rssStart = rss[0];
        long rssMax = rss[0];
        long threadsStart = rss[2];
        long threadsMax = rss[2];
        long tick = 0;
        while (System.nanoTime() < end) {
            Bench.pause(Duration.ofMillis(500));
            rss = status(pid);
            rssMax = Math.max(rssMax, rss[0]);
            threadsMax = Math.max(threadsMax, rss[2]);
            if (++tick % 10 == 0) {
                System.out.printf(Locale.ROOT, "  %3d s: RSS %d MB, threads %d, flood answers %s%n", tick / 2,
                        rss[0] / 1024, rss[2], counts(statuses));
            }
        }
        for (Thread thread : threads) {
            thread.join();
        }
        rss = status(pid);
        System.out.printf(Locale.ROOT, "flood %s, %d clients, %d s: %,d answers %s; %s%n", path, clients,
                length.toSeconds(), flood.size(), counts(statuses), latency(flood));
        System.out.printf(Locale.ROOT, "  person, GET / every 200 ms: %s%n", latency(pages));
        System.out.printf(Locale.ROOT, "  person, sign-in with the right password every 1 s: %s%n", latency(signIns));
        System.out.printf(Locale.ROOT, "  node: RSS %d MB at the start, at most %d MB sampled, VmHWM %d MB, %d MB at "
                + "the end; threads %d at the start, at most %d, %d at the end%n", rssStart / 1024, rssMax / 1024,
                rss[1] / 1024, rss[0] / 1024, threadsStart, threadsMax, rss[2]);
    }

    private static Answer post(HttpClient client, URI uri, String form) {
        return send(client, HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    private static Answer get(HttpClient client, URI uri) {
        return send(client, HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build());
    }

    /** Status 0: no answer (refused, reset or timed out). */
    private static Answer send(HttpClient client, HttpRequest request) {
        long start = System.nanoTime();
        int status;
        try {
            status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            status = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 0;
        }
        return new Answer(status, System.nanoTime() - start);
    }

    private static String counts(Map<Integer, AtomicLong> statuses) {
        return new TreeMap<>(statuses).toString();
    }

    /** p50, p99 and max of the answers, and how many had each status. */
    private static String latency(ConcurrentLinkedQueue<Answer> answers) {
        List<Answer> all = new ArrayList<>(answers);
        if (all.isEmpty()) {
            return "none";
        }
        long[] nanos = all.stream().mapToLong(Answer::nanos).sorted().toArray();
        Map<Integer, Integer> byStatus = new TreeMap<>();
        all.forEach(a -> byStatus.merge(a.status(), 1, Integer::sum));
        return String.format(Locale.ROOT, "n=%d %s p50 %.0f ms, p99 %.0f ms, max %.0f ms", nanos.length, byStatus,
                nanos[nanos.length / 2] / 1e6, nanos[(int) (nanos.length * 0.99)] / 1e6, nanos[nanos.length - 1] / 1e6);
    }

    /** VmRSS and VmHWM in KB, and Threads, from /proc/{pid}/status. */
    private static long[] status(long pid) throws IOException {
        long[] values = new long[3];
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                values[0] = Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("VmHWM:")) {
                values[1] = Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("Threads:")) {
                values[2] = Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return values;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
