package parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import parley.support.Client;
import parley.support.EventStream;
import parley.support.Html;
import parley.support.LogCapture;
import parley.support.TestServer;

/**
 * A post with an idempotency key (the compose form's hidden field, or the Idempotency-Key header) is stored
 * once however often it is sent: a double submit, a retry after a lost answer. One node on its SQLite file;
 * IdempotentPostingClusterTest does the same across two nodes.
 */
class IdempotentPostingTest {
    static TestServer server;
    static Client ann;

    @BeforeAll
    static void start() {
        server = TestServer.start("--limits", "off"); // the limits have a test of their own below
        ann = server.signedIn("ann");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String newKey() {
        return UUID.randomUUID().toString();
    }

    static HttpResponse<String> htmx(Client who, String room, String text, String key, String... headers) {
        return who.postForm("/rooms/" + room + "/messages", Map.of("text", text, "idempotency_key", key),
                Stream.concat(Stream.of("HX-Request", "true"), Stream.of(headers)).toArray(String[]::new));
    }

    static HttpResponse<String> plain(Client who, String room, String text, String key) {
        return who.postForm("/rooms/" + room + "/messages", Map.of("text", text, "idempotency_key", key));
    }

    static HttpResponse<String> withHeader(Client who, String room, String text, String header, String... more) {
        return who.postForm("/rooms/" + room + "/messages", Map.of("text", text),
                Stream.concat(Stream.of("Idempotency-Key", header), Stream.of(more)).toArray(String[]::new));
    }

    static List<String> history(String room) {
        return Html.texts(ann.get("/rooms/" + room).body());
    }

    static boolean replayed(HttpResponse<String> response) {
        return response.headers().firstValue("Idempotent-Replayed").equals(java.util.Optional.of("true"));
    }

    /** Posts a marker without a key and returns the next message the stream brings: the marker, if nothing came between. */
    static String nextMessageAfterAMarker(EventStream stream, String room) {
        ann.sayOk(room, "marker");
        return Html.texts(stream.next("message").data()).getFirst();
    }

    @Test
    void everyFormRenderedForANewMessageHasAKeyOfItsOwn() {
        String page1 = Html.idempotencyKey(ann.get("/rooms/fresh").body());
        String page2 = Html.idempotencyKey(ann.get("/rooms/fresh").body());
        HttpResponse<String> sent = htmx(ann, "fresh", "hello", page2);
        String afterSend = Html.idempotencyKey(sent.body());
        assertThat(List.of(page1, page2, afterSend)).doesNotHaveDuplicates()
                .allSatisfy(key -> assertThat(key).matches("[A-Za-z0-9_-]{22}"));
        assertThat(plain(ann, "fresh", "again", afterSend).statusCode()).isEqualTo(303);
        assertThat(Html.idempotencyKey(ann.get("/rooms/fresh").body())).isNotIn(page1, page2, afterSend);
    }

    @Test
    void anHtmxFormSentTwiceIsStoredOnceAndBothGetTheClearedForm() {
        String key = Html.idempotencyKey(ann.get("/rooms/twice").body());
        try (EventStream stream = ann.events("twice")) {
            stream.next("reset");
            HttpResponse<String> first = htmx(ann, "twice", "only once", key);
            HttpResponse<String> second = htmx(ann, "twice", "only once", key);
            for (HttpResponse<String> answer : List.of(first, second)) {
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body()).startsWith("<form id=\"compose\"").doesNotContain("only once", "compose-error");
                assertThat(Html.idempotencyKey(answer.body())).as("a new key for the next message").isNotEqualTo(key);
            }
            assertThat(replayed(first)).isFalse();
            assertThat(replayed(second)).isTrue();
            assertThat(Html.texts(stream.next("message").data())).containsExactly("only once");
            assertThat(nextMessageAfterAMarker(stream, "twice")).as("no second copy on the stream").isEqualTo("marker");
        }
        assertThat(history("twice")).containsExactly("only once", "marker");
    }

    @Test
    void aPlainFormSentTwiceIsStoredOnceAndBothAreSentBackToTheRoom() {
        String key = Html.idempotencyKey(ann.get("/rooms/twice-plain").body());
        HttpResponse<String> first = plain(ann, "twice-plain", "no script", key);
        HttpResponse<String> second = plain(ann, "twice-plain", "no script", key);
        for (HttpResponse<String> answer : List.of(first, second)) {
            assertThat(answer.statusCode()).isEqualTo(303);
            assertThat(answer.headers().firstValue("Location")).as("both at the one message")
                    .hasValue("/rooms/twice-plain#m-" + Html.messageIds(ann.get("/rooms/twice-plain").body()).getFirst());
        }
        assertThat(replayed(second)).isTrue();
        assertThat(history("twice-plain")).containsExactly("no script");
    }

    @Test
    void theSameTextAsStoredIsARepeatEvenWithOtherSpacing() {
        String key = newKey();
        htmx(ann, "spacing", "hi there", key);
        HttpResponse<String> again = htmx(ann, "spacing", "  hi there\r\n", key);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(replayed(again)).isTrue();
        assertThat(history("spacing")).containsExactly("hi there");
    }

    @Test
    void theSameKeyWithOtherTextIsRefusedAndTheFormGetsANewKeyToSendItAsANewMessage() {
        String key = newKey();
        assertThat(htmx(ann, "edited", "first thought", key).statusCode()).isEqualTo(200);
        try (LogCapture log = new LogCapture()) {
            HttpResponse<String> other = htmx(ann, "edited", "second thought", key);
            assertThat(other.statusCode()).isEqualTo(422);
            assertThat(other.body()).startsWith("<form id=\"compose\"").contains("id=\"compose-error\"",
                    "this form already sent a different message", "second thought");
            assertThat(log.text()).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(history("edited")).containsExactly("first thought");

            String newKey = Html.idempotencyKey(other.body());
            assertThat(newKey).isNotEqualTo(key);
            assertThat(htmx(ann, "edited", "second thought", newKey).statusCode()).isEqualTo(200);
        }
        assertThat(history("edited")).containsExactly("first thought", "second thought");

        HttpResponse<String> noJs = plain(ann, "edited", "third thought", key);
        assertThat(noJs.statusCode()).isEqualTo(422);
        assertThat(noJs.body()).contains("id=\"messages\"", "this form already sent a different message", "third thought");
        assertThat(history("edited")).containsExactly("first thought", "second thought");
    }

    @Test
    void theSameKeyInAnotherRoomIsRefusedAndStoresNothingThere() {
        String key = newKey();
        assertThat(withHeader(ann, "here", "hello", key).statusCode()).isEqualTo(303);
        HttpResponse<String> elsewhere = withHeader(ann, "there", "hello", key, "Accept", "text/plain");
        assertThat(elsewhere.statusCode()).isEqualTo(422);
        assertThat(elsewhere.body()).contains("this Idempotency-Key was already used", "Send a new message with a new key");
        assertThat(history("here")).containsExactly("hello");
        assertThat(history("there")).isEmpty();
    }

    @Test
    void keysArePerPosterSoTwoPeopleWithOneKeyBothPost() {
        String key = newKey();
        Client bob = server.signedIn("bob");
        assertThat(replayed(htmx(ann, "shared-key", "from ann", key))).isFalse();
        HttpResponse<String> bobs = htmx(bob, "shared-key", "from ann", key);
        assertThat(bobs.statusCode()).isEqualTo(200);
        assertThat(replayed(bobs)).isFalse();
        assertThat(history("shared-key")).containsExactly("from ann", "from ann");
    }

    @Test
    void theHeaderWinsOverTheFormField() {
        String fieldKey = newKey();
        String headerKey = newKey();
        assertThat(replayed(htmx(ann, "precedence", "same", fieldKey))).isFalse();
        // The field repeats the first post, but the header names a new key: a new message.
        HttpResponse<String> second = htmx(ann, "precedence", "same", fieldKey, "Idempotency-Key", headerKey);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(replayed(second)).isFalse();
        assertThat(history("precedence")).containsExactly("same", "same");
        // The field is new, but the header repeats the second post: nothing new.
        HttpResponse<String> third = htmx(ann, "precedence", "same", newKey(), "Idempotency-Key", headerKey);
        assertThat(replayed(third)).isTrue();
        assertThat(history("precedence")).containsExactly("same", "same");
    }

    @Test
    void theHeaderMayBeAStructuredFieldString() {
        String key = newKey();
        withHeader(ann, "quoted", "hello", "\"" + key + "\"");
        HttpResponse<String> bare = withHeader(ann, "quoted", "hello", key);
        assertThat(replayed(bare)).isTrue();
        assertThat(history("quoted")).containsExactly("hello");
    }

    @Test
    void aPostWithoutAKeyIsStoredEveryTimeItIsSent() {
        ann.sayOk("keyless", "curl says hi");
        ann.sayOk("keyless", "curl says hi");
        assertThat(history("keyless")).containsExactly("curl says hi", "curl says hi");
    }

    static Stream<String> badKeys() {
        return Stream.of("", "short", "x".repeat(101), "has space in it", "<script>alert(1)</script>",
                "ключ-ключ-ключ", "semi;colon;key");
    }

    @ParameterizedTest
    @MethodSource("badKeys")
    void aBadKeyInTheFormIsRefusedWithTheTextKeptAndANewKey(String bad) {
        try (LogCapture log = new LogCapture()) {
            HttpResponse<String> refused = htmx(ann, "bad-key", "keep me", bad);
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).startsWith("<form id=\"compose\"").contains("id=\"compose-error\"",
                    "idempotency key is not one Parley accepts", "8 to 100 characters", "keep me");
            assertThat(Html.idempotencyKey(refused.body())).matches("[A-Za-z0-9_-]{22}");
            assertThat(log.text()).doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThat(history("bad-key")).isEmpty();
    }

    /** The same, without the ones an HTTP client cannot put in a header (non-ASCII). */
    static Stream<String> badHeaderKeys() {
        return badKeys().filter(key -> key.chars().allMatch(c -> c < 128));
    }

    @ParameterizedTest
    @MethodSource("badHeaderKeys")
    void aBadKeyInTheHeaderIsRefused(String bad) {
        HttpResponse<String> refused = withHeader(ann, "bad-header", "keep me", bad, "Accept", "text/plain");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("The Idempotency-Key header is not one Parley accepts", "8 to 100 characters");
        assertThat(history("bad-header")).isEmpty();
    }

    @Test
    void twoKeysInOnePostAreRefused() {
        HttpResponse<String> twoHeaders = withHeader(ann, "two-keys", "which?", newKey(),
                "Idempotency-Key", newKey(), "Accept", "text/plain");
        assertThat(twoHeaders.statusCode()).isEqualTo(400);
        assertThat(twoHeaders.body()).contains("Send one idempotency key with a post, not 2.");
        HttpResponse<String> twoFields = ann.send(ann.request("/rooms/two-keys/messages", "HX-Request", "true")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "text=which&idempotency_key=" + newKey() + "&idempotency_key=" + newKey()))
                .build());
        assertThat(twoFields.statusCode()).isEqualTo(400);
        assertThat(twoFields.body()).contains("Send one idempotency key with a post, not 2.");
        assertThat(history("two-keys")).isEmpty();
    }

    @Test
    void aRefusedPostKeepsItsKeySoSendingItAgainIsStillTheSamePost() {
        String key = newKey();
        HttpResponse<String> refused = htmx(ann, "kept", "bell\u0007", key);
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(Html.idempotencyKey(refused.body())).isEqualTo(key);
        HttpResponse<String> fixed = htmx(ann, "kept", "bell", key);
        assertThat(fixed.statusCode()).isEqualTo(200);
        assertThat(replayed(fixed)).as("the refused attempt recorded nothing").isFalse();
        assertThat(history("kept")).containsExactly("bell");
    }

    /** The database refuses the write (as a full disk does): 503, the key is not recorded, and the retry stores. */
    @Test
    void aKeyRefusedWith503IsFreeForTheRetry() throws SQLException {
        String key = newKey();
        try (LogCapture log = LogCapture.expected("idempotent-post-store-refused")) {
            sqlite("CREATE TRIGGER refuse_posts BEFORE INSERT ON messages BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
            try {
                HttpResponse<String> refused = htmx(ann, "outage", "try me again", key);
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.body()).contains("could not save your message", "try me again");
                assertThat(Html.idempotencyKey(refused.body())).isEqualTo(key);
            } finally {
                sqlite("DROP TRIGGER refuse_posts");
            }
            assertThat(log.text()).contains("refused by the test");
        }
        HttpResponse<String> retried = htmx(ann, "outage", "try me again", key);
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(replayed(retried)).isFalse();
        assertThat(history("outage")).containsExactly("try me again");
    }

    /**
     * Posts at most one message an hour, so no refill can happen during the test: a repeat is answered even
     * when a new post would be refused, and a key refused with 429 is free again once the limit is.
     */
    @Test
    void aRepeatIsNotRefusedForComingTooFastAndAKeyRefusedWith429IsFreeLater() {
        try (TestServer limited = TestServer.start("--posts-per-person", "1/1h")) {
            Client bob = limited.signedIn("bob");
            String first = newKey();
            assertThat(htmx(bob, "slow", "one", first).statusCode()).isEqualTo(200);
            HttpResponse<String> repeat = htmx(bob, "slow", "one", first);
            assertThat(repeat.statusCode()).isEqualTo(200);
            assertThat(replayed(repeat)).isTrue();

            String second = newKey();
            HttpResponse<String> tooSoon = htmx(bob, "slow", "two", second);
            assertThat(tooSoon.statusCode()).isEqualTo(429);
            assertThat(Html.idempotencyKey(tooSoon.body())).isEqualTo(second);

            limited.restart(); // the limits are kept in memory: a restart lifts them, the session stays valid
            HttpResponse<String> later = htmx(bob, "slow", "two", second);
            assertThat(later.statusCode()).isEqualTo(200);
            assertThat(replayed(later)).isFalse();
            assertThat(Html.texts(bob.get("/rooms/slow").body())).containsExactly("one", "two");
        }
    }

    @Test
    void manyPostsWithOneKeyAtOnceStoreOneMessageAndAllGetTheSuccessAnswer() throws Exception {
        String key = newKey();
        List<HttpResponse<String>> answers = atOnce(8, i -> htmx(ann, "at-once", "together", key));
        assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(200));
        assertThat(answers).filteredOn(answer -> !replayed(answer)).hasSize(1);
        assertThat(history("at-once")).containsExactly("together");
    }

    /** Rooms have locks of their own in the process: here only the database's unique key decides. */
    @Test
    void oneKeySentToSeveralRoomsAtOnceStoresInOneOfThem() throws Exception {
        String key = newKey();
        List<HttpResponse<String>> answers = atOnce(6, i -> htmx(ann, "spread-" + i, "everywhere", key));
        assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(200, 422)
                .filteredOn(status -> status == 200).hasSize(1);
        long stored = 0;
        for (int i = 0; i < 6; i++) {
            stored += history("spread-" + i).size();
        }
        assertThat(stored).isEqualTo(1);
    }

    interface Request {
        HttpResponse<String> send(int i);
    }

    static List<HttpResponse<String>> atOnce(int count, Request request) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> sent = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(count)) {
            for (int i = 0; i < count; i++) {
                int n = i;
                sent.add(pool.submit(() -> {
                    go.await();
                    return request.send(n);
                }));
            }
            go.countDown();
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : sent) {
                answers.add(answer.get(30, TimeUnit.SECONDS));
            }
            return answers;
        }
    }

    /** A statement on the server's own SQLite file, beside the server's connections. */
    static void sqlite(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + server.data().toAbsolutePath());
                Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            s.execute(sql);
        }
    }
}
