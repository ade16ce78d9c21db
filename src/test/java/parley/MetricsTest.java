package parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.EventStream;
import parley.support.Poll;
import parley.support.Scrape;
import parley.support.TestServer;

/**
 * GET /metrics on --metrics-port: what an operator sees moves with what the node does (streams, posts,
 * deliveries, resumes, refusals), beside the JVM's and Jetty's own meters; without the flag no port is opened.
 */
class MetricsTest {

    @Test
    void theScrapeCountsStreamsPostsDeliveriesResumesAndRefusals() {
        try (TestServer server = TestServer.start("--metrics-port", "0", "--posts-per-person", "3/1h", "--heartbeat", "2s")) {
            Scrape before = server.scrape();
            assertThat(before.value("parley_streams_open")).isZero();
            assertThat(before.value("parley_posts_seconds_count{outcome=\"stored\"}")).isZero();
            assertThat(before.value("parley_refusals_total{limit=\"posts-per-person\"}")).isZero();
            assertThat(before.value("parley_store_errors_total{kind=\"disk_full\"}")).isZero();

            Client ann = server.signedIn("ann");
            Client bob = server.signedIn("bob");
            Client cem = server.signedIn("cem");
            try (EventStream annStream = ann.events("ops"); EventStream bobStream = bob.events("ops");
                    EventStream cemStream = cem.events("ops")) {
                List.of(annStream, bobStream, cemStream).forEach(stream -> stream.next("reset"));
                // Presence goes out after everyone joined: wait for it, so the deliveries below are the post's.
                annStream.next(e -> e.type().equals("presence") && e.data().contains("cem"), Duration.ofSeconds(5));
                Scrape open = server.scrape();
                assertThat(open.value("parley_streams_open")).isEqualTo(3);
                assertThat(open.value("parley_streams_opened_total")).isEqualTo(3);
                assertThat(open.value("parley_connections_open")).isGreaterThanOrEqualTo(3);

                ann.sayOk("ops", "first");
                ann.sayOk("ops", "second");
                String lastId = cemStream.next("message").id();
                cemStream.next("message");
                Scrape posted = Poll.until(server::scrape, s -> s.value("parley_deliveries_total")
                        - open.value("parley_deliveries_total") >= 6, Duration.ofSeconds(5));
                assertThat(posted.value("parley_deliveries_total") - open.value("parley_deliveries_total"))
                        .as("two messages, each queued once on each of three streams").isEqualTo(6);
                assertThat(posted.value("parley_posts_seconds_count{outcome=\"stored\"}")).isEqualTo(2);
                assertThat(posted.value("parley_posts_seconds_sum{outcome=\"stored\"}")).isPositive();
                assertThat(posted.value("parley_posts_seconds_bucket{outcome=\"stored\",le=\"5.0\"}")).isEqualTo(2);

                assertThat(ann.say("ops", "   ").statusCode()).isEqualTo(422); // the third post of 3/1h
                assertThat(ann.say("ops", "one too many").statusCode()).isEqualTo(429);

                // A reconnect that missed one message gets exactly it; one with an id the room never had, a reset.
                try (EventStream resumed = bob.events("ops", "Last-Event-ID", lastId);
                        EventStream unknown = bob.events("ops", "Last-Event-ID", "999999")) {
                    assertThat(resumed.next("message").data()).contains("second");
                    unknown.next("reset");
                    Scrape after = server.scrape();
                    assertThat(after.value("parley_posts_seconds_count{outcome=\"refused\"}")).isEqualTo(1);
                    assertThat(after.value("parley_posts_seconds_count{outcome=\"stored\"}")).isEqualTo(2);
                    assertThat(after.value("parley_refusals_total{limit=\"posts-per-person\"}")).isEqualTo(1);
                    assertThat(after.value("parley_resumes_total{result=\"exact\"}")).isEqualTo(1);
                    assertThat(after.value("parley_resumes_total{result=\"reset\"}")).isEqualTo(1);
                    assertThat(after.value("parley_streams_open")).isEqualTo(5);
                }
            }
            assertThat(Poll.until(server::scrape, s -> s.value("parley_streams_open") == 0, Duration.ofSeconds(30))
                    .value("parley_streams_open")).as("closed streams are noticed (within a heartbeat)").isZero();
        }
    }

    @Test
    void theJvmAndJettysThreadPoolsAreThere() {
        try (TestServer server = TestServer.start("--metrics-port", "0")) {
            Scrape scrape = server.scrape();
            assertThat(scrape.value("jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\"}")).isPositive();
            assertThat(scrape.samples()).anySatisfy((series, value) -> assertThat(series).startsWith("jvm_gc_"));
            assertThat(scrape.value("jvm_threads_live_threads")).isPositive();
            assertThat(scrape.value("process_files_max_files")).isPositive();
            assertThat(scrape.value("jetty_threads_config_max")).isEqualTo(64);
            assertThat(scrape.value("jetty_threads_busy")).isGreaterThanOrEqualTo(0);
            assertThat(scrape.value("executor_pool_size_threads{name=\"fanout\"}")).isGreaterThanOrEqualTo(0);
            assertThat(scrape.value("parley_streams_max")).isPositive();
            assertThat(scrape.text()).contains("# HELP parley_deliveries_total ");
        }
    }

    @Test
    void theMetricsPortServesOnlyMetricsAndTheChatPortServesNoMetrics() throws Exception {
        try (TestServer server = TestServer.start("--metrics-port", "0");
                HttpClient http = HttpClient.newHttpClient()) {
            assertThat(status(http, "http://127.0.0.1:" + server.metricsPort() + "/health")).isEqualTo(404);
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode()).isEqualTo(405);
            assertThat(status(http, server.url("/metrics"))).isEqualTo(404);
        }
    }

    @Test
    void metricsAreOffByDefaultAndThenTheNodeListensOnOnePortOnly() {
        try (TestServer quiet = TestServer.startProcess("metrics-off");
                TestServer watched = TestServer.startProcess("metrics-on", "--metrics-port", "0")) {
            assertThat(listeningSockets(quiet.pid())).as("the chat's port alone").hasSize(1);
            assertThat(quiet.output()).doesNotContain("/metrics");
            assertThat(listeningSockets(watched.pid())).as("the chat's port and the metrics port").hasSize(2);
            assertThat(watched.output()).containsPattern("Metrics: GET http://127\\.0\\.0\\.1:\\d+/metrics");
        }
    }

    private static int status(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The TCP sockets the process listens on: its socket descriptors that /proc/net/tcp{,6} lists as LISTEN (0A). */
    private static Set<String> listeningSockets(long pid) {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException gone) {
                    // closed while listing
                }
            });
            Set<String> listening = new HashSet<>();
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                List<String> lines = Files.readAllLines(Path.of(table)); // read once: the table changes as we look
                for (String line : lines.subList(1, lines.size())) {
                    String[] fields = line.strip().split("\\s+");
                    if (fields[3].equals("0A") && inodes.contains(fields[9])) {
                        listening.add(fields[1]);
                    }
                }
            }
            return listening;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
