package parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.EventStream;
import parley.support.Poll;
import parley.support.TestServer;

/**
 * --max-streams: a node refuses streams past its cap with 503 and Retry-After, while it still has the
 * descriptors to say so, and frees a place when a stream closes; at start-up it says how many it takes and
 * warns when the process cannot hold them.
 */
class CapacityTest {
    private static final long GB = 1L << 30;

    @Test
    void aStreamPastTheCapIsRefusedWith503AndRetryAfterAndAClosedOneFreesAPlace() {
        try (TestServer server = TestServer.start("--max-streams", "3", "--heartbeat", "400ms", "--metrics-port", "0")) {
            List<EventStream> streams = new ArrayList<>();
            try {
                for (String name : List.of("ann", "bob", "cem")) {
                    EventStream stream = server.signedIn(name).events("full");
                    stream.next("reset");
                    streams.add(stream);
                }
                Client dan = server.signedIn("dan");
                Client.Answer refused = dan.getStream("/rooms/full/events");
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
                assertThat(refused.body()).contains("holding as many live streams as it is set up for",
                        "reload the page in 1 second");
                assertThat(server.scrape().value("parley_refusals_total{limit=\"max-streams\"}")).isEqualTo(1);
                assertThat(server.scrape().value("parley_streams_max")).isEqualTo(3);
                // Posting and pages are not streams: they go on.
                dan.sayOk("full", "dan can still post");
                assertThat(streams.getFirst().next("message").data()).contains("dan can still post");

                streams.removeFirst().close(); // a tab closed: noticed at the next ping
                assertThat(Poll.until(() -> dan.getStream("/rooms/full/events").statusCode(), status -> status == 200,
                        Duration.ofSeconds(10))).as("the closed stream's place is free again").isEqualTo(200);
            } finally {
                streams.forEach(EventStream::close);
            }
        }
    }

    @Test
    void refusedStreamsDoNotTakeAPlace() {
        try (TestServer server = TestServer.start("--max-streams", "1", "--streams-per-person", "2/1h", "--heartbeat", "400ms")) {
            Client ann = server.signedIn("ann");
            try (EventStream only = ann.events("one")) {
                only.next("reset");
                for (int i = 0; i < 5; i++) {
                    assertThat(ann.getStream("/rooms/one/events").statusCode()).isEqualTo(503);
                }
            }
            // ann's one remaining stream of 2/1h: the five refused above spent none of it, nor any place.
            assertThat(Poll.until(() -> ann.getStream("/rooms/one/events").statusCode(), status -> status != 503,
                    Duration.ofSeconds(10))).isEqualTo(200);
            // Once that one's place is free again, her rate limit refuses the next: her allowance is spent.
            assertThat(Poll.until(() -> ann.getStream("/rooms/one/events").statusCode(), status -> status != 503,
                    Duration.ofSeconds(10))).isEqualTo(429);
        }
    }

    @Test
    void theDefaultIsWhatTheDescriptorsOrTheHeapAllowWhicheverIsLess() {
        Capacity byDescriptors = Capacity.of(Config.AUTO, 20_000, 8 * GB);
        assertThat(byDescriptors.maxStreams()).isEqualTo(15_920);
        assertThat(Capacity.descriptorsFor(byDescriptors.maxStreams())).isLessThanOrEqualTo(20_000);
        assertThat(byDescriptors.reason()).contains("descriptor limit");
        assertThat(byDescriptors.warnings()).isEmpty();

        Capacity byHeap = Capacity.of(Config.AUTO, 1_048_576, GB / 2);
        assertThat(byHeap.maxStreams()).isEqualTo((int) (GB / 2 / Capacity.HEAP_PER_STREAM));
        assertThat(byHeap.reason()).contains("what the heap allows");
    }

    @Test
    void aCapThatTheProcessCannotHoldIsWarnedAbout() {
        assertThat(Capacity.of(10_000, 20_000, 8 * GB).warnings()).isEmpty();
        assertThat(Capacity.of(19_000, 20_000, 8 * GB).warnings()).singleElement().asString()
                .contains("--max-streams 19,000 needs about 23,850 descriptors", "may open only 20,000",
                        "Too many open files", "LimitNOFILE=");
        assertThat(Capacity.of(100_000, 1_048_576, GB).warnings()).singleElement().asString()
                .contains("needs about 1,562 MB of heap", "Raise -Xmx");
    }

    @Test
    void aSmallDescriptorLimitIsReadAtStartUpAndWarnedAbout() {
        try (TestServer small = TestServer.startProcessUnder(List.of("prlimit", "--nofile=400"), "capacity-small-limit",
                "--max-streams", "1000");
                TestServer auto = TestServer.startProcessUnder(List.of("prlimit", "--nofile=400"), "capacity-auto")) {
            assertThat(small.output()).contains("WARN parley.Main - --max-streams 1,000 needs about 1,350 descriptors, but this "
                    + "process may open only 400 (ulimit -n)");
            assertThat(auto.output()).contains("Up to 240 event streams (--max-streams auto: what the descriptor limit "
                    + "allows; descriptor limit 400").doesNotContain("WARN parley");
        }
    }
}
