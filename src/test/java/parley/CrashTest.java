package parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import parley.support.Client;
import parley.support.EventStream;
import parley.support.EventStream.Event;
import parley.support.Html;
import parley.support.Poll;
import parley.support.Postgres;
import parley.support.TestServer;

/**
 * A node killed (SIGKILL) while several people post and a stream is open loses no message it answered
 * 2xx for, stores none twice, and keeps each person's messages in the order they were sent.
 */
class CrashTest {
    /**
     * Every option the node starts with: a history large enough for the room page to show every message, and
     * no rate limits, since four posters as fast as the node answers, from one address, are far beyond a person.
     */
    static final String[] OPTIONS = {"--history", "10000", "--limits", "off"};
    static final int POSTERS = 4;
    static final int ACKNOWLEDGED_BEFORE_KILL = 200;
    static final String ROOM = "crash";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void everyAcknowledgedMessageSurvivesAKillOnceAndInOrder(String database) throws Exception {
        String[] options = database.equals("postgresql")
                ? Stream.concat(Stream.of(OPTIONS), Stream.of("--database-url", Postgres.shared().newDatabase()))
                        .toArray(String[]::new)
                : OPTIONS;
        try (TestServer node = TestServer.startProcess("crash-" + database, options)) {
            List<Poster> posters = new ArrayList<>();
            for (int n = 1; n <= POSTERS; n++) {
                posters.add(new Poster("client-" + n, node.signedIn("client" + n)));
            }
            Map<Long, String> streamed = new HashMap<>();
            ExecutorService threads = Executors.newFixedThreadPool(POSTERS);
            try (EventStream stream = node.signedIn("reader").events(ROOM)) {
                stream.next("reset");
                List<Future<?>> posting = new ArrayList<>();
                posters.forEach(p -> posting.add(threads.submit(p::postUntilTheNodeIsGone)));

                awaitAcknowledged(posters, ACKNOWLEDGED_BEFORE_KILL, Duration.ofSeconds(30));
                Event first = stream.next("message", Duration.ofSeconds(5)); // the stream is live: mid-stream
                node.kill();

                for (Future<?> poster : posting) {
                    poster.get(15, TimeUnit.SECONDS); // each stops at its first failure once the node is gone
                }
                List<Event> events = new ArrayList<>(List.of(first));
                events.addAll(stream.untilEnd(Duration.ofSeconds(10))); // ends with the node
                for (Event event : events) {
                    if (event.type().equals("message")) {
                        streamed.put(Long.parseLong(event.id()), Html.texts(event.data()).getFirst());
                    }
                }
            } finally {
                threads.shutdownNow();
            }

            node.restart();
            Client reader = node.signedIn("reader");
            String page = reader.get("/rooms/" + ROOM).body();
            List<String> texts = Html.texts(page);
            List<Long> ids = Html.messageIds(page);

            assertThat(ids).as("message ids").hasSameSizeAs(texts).isSorted().doesNotHaveDuplicates();
            assertThat(texts).as("messages after the restart").doesNotHaveDuplicates();
            int fromPosters = 0;
            for (Poster poster : posters) {
                List<String> theirs = texts.stream().filter(text -> text.startsWith(poster.name + "-")).toList();
                fromPosters += theirs.size();
                // Everything answered 2xx, in the order sent; plus, perhaps, the one post whose answer the
                // kill cut off (it may or may not have been committed). Nothing else, nothing twice.
                List<String> withUnanswered = new ArrayList<>(poster.acknowledged);
                poster.unanswered.forEach(withUnanswered::add);
                assertThat(theirs).as("%s's messages after the restart (%d acknowledged; refused: %s)", poster.name,
                        poster.acknowledged.size(), poster.refused).isIn(poster.acknowledged, withUnanswered);
            }
            assertThat(fromPosters).as("messages from anyone but the posters").isEqualTo(texts.size());

            // What a reader saw before the crash is still there, with the same id.
            assertThat(streamed).as("messages the stream delivered").isNotEmpty();
            Map<Long, String> stored = new HashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                stored.put(ids.get(i), texts.get(i));
            }
            assertThat(stored).containsAllEntriesOf(streamed);

            // The room carries on after the restart, with a higher id.
            reader.sayOk(ROOM, "after the crash");
            List<Long> after = Html.messageIds(reader.get("/rooms/" + ROOM).body());
            assertThat(after.getLast()).isGreaterThan(ids.getLast());
        }
    }

    private static void awaitAcknowledged(List<Poster> posters, int wanted, Duration timeout) {
        int acknowledged = Poll.until(() -> posters.stream().mapToInt(p -> p.count.get()).sum(), n -> n >= wanted, timeout);
        if (acknowledged < wanted) {
            throw new AssertionError("only " + acknowledged + " posts acknowledged within " + timeout);
        }
    }

    /** One person posting as fast as the node answers, through the page's htmx form. */
    private static final class Poster {
        final String name;
        final Client client;
        final AtomicInteger count = new AtomicInteger();
        // Read by the test only after postUntilTheNodeIsGone has returned.
        final List<String> acknowledged = new ArrayList<>();
        final List<String> unanswered = new ArrayList<>();
        final List<String> refused = new ArrayList<>();

        Poster(String name, Client client) {
            this.name = name;
            this.client = client;
        }

        void postUntilTheNodeIsGone() {
            for (int seq = 1; ; seq++) {
                String text = name + "-" + seq;
                HttpResponse<String> response;
                try {
                    response = client.say(ROOM, text);
                } catch (UncheckedIOException gone) {
                    unanswered.add(text);
                    return;
                }
                if (response.statusCode() / 100 == 2) {
                    acknowledged.add(text);
                    count.incrementAndGet();
                } else {
                    refused.add(text + " (" + response.statusCode() + ")");
                }
            }
        }
    }
}
