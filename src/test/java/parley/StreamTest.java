package parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.EventStream;
import parley.support.EventStream.Event;
import parley.support.Html;
import parley.support.Poll;
import parley.support.TestServer;

/** The event stream exactly as the contract describes it, read as a browser's EventSource would. */
class StreamTest {
    static TestServer server;
    static Client alice;
    static Client bob;

    @BeforeAll
    static void start() {
        server = TestServer.start("--heartbeat", "300ms", "--history", "5", "--retry", "1500ms", "--limits", "off");
        alice = server.signedIn("alice");
        bob = server.signedIn("bob");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void firstConnectStartsWithRetryThenResetsToTheRecentHistory() {
        alice.sayOk("reset-room", "one");
        alice.sayOk("reset-room", "two");
        try (EventStream stream = bob.events("reset-room")) {
            Event reset = stream.next("reset");
            assertThat(stream.retry()).isEqualTo("1500");
            assertThat(Html.texts(reset.data())).containsExactly("one", "two");
            List<Long> ids = Html.messageIds(reset.data());
            assertThat(reset.id()).isEqualTo(String.valueOf(ids.getLast()));
        }
    }

    @Test
    void anEmptyRoomResetsToNothingWithIdZero() {
        try (EventStream stream = bob.events("empty-room")) {
            Event reset = stream.next("reset");
            assertThat(reset.data()).isEmpty();
            assertThat(reset.id()).isEqualTo("0");
        }
    }

    @Test
    void bothSubscribersGetEveryMessageInIdOrder() {
        try (EventStream a = alice.events("both"); EventStream b = bob.events("both")) {
            a.next("reset");
            b.next("reset");
            alice.sayOk("both", "hi bob");
            bob.sayOk("both", "hi alice");
            for (EventStream stream : List.of(a, b)) {
                Event first = stream.next("message");
                Event second = stream.next("message");
                assertThat(Html.texts(first.data() + second.data())).containsExactly("hi bob", "hi alice");
                assertThat(Long.parseLong(second.id())).isGreaterThan(Long.parseLong(first.id()));
                assertThat(first.id()).isEqualTo(String.valueOf(Html.messageIds(first.data()).getFirst()));
            }
        }
    }

    @Test
    void underConcurrentPostingEverySubscriberGetsTheSameStrictlyIncreasingIds() throws Exception {
        int posters = 4;
        int each = 50;
        try (EventStream a = alice.events("concurrent"); EventStream b = bob.events("concurrent")) {
            a.next("reset");
            b.next("reset");
            List<Thread> threads = new java.util.ArrayList<>();
            for (int p = 0; p < posters; p++) {
                Client poster = server.signedIn("poster" + p);
                int n = p;
                threads.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < each; i++) {
                        poster.sayOk("concurrent", n + ":" + i);
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            List<Long> seenByA = new java.util.ArrayList<>();
            List<Long> seenByB = new java.util.ArrayList<>();
            for (int i = 0; i < posters * each; i++) {
                seenByA.add(Long.parseLong(a.next("message").id()));
                seenByB.add(Long.parseLong(b.next("message").id()));
            }
            assertThat(seenByA).isSorted().doesNotHaveDuplicates().isEqualTo(seenByB);
            assertThat(a.drain()).noneMatch(e -> e.type().equals("message"));
        }
    }

    @Test
    void resumingWithLastEventIdGivesExactlyTheMissedMessages() {
        long seen;
        try (EventStream stream = alice.events("resume")) {
            stream.next("reset");
            bob.sayOk("resume", "before");
            seen = Long.parseLong(stream.next("message").id());
        }
        bob.sayOk("resume", "missed 1");
        bob.sayOk("resume", "missed 2");
        try (EventStream stream = alice.events("resume", "Last-Event-ID", String.valueOf(seen))) {
            Event first = stream.next(e -> !e.type().equals("comment"), Duration.ofSeconds(5));
            Event second = stream.next(e -> !e.type().equals("comment"), Duration.ofSeconds(5));
            assertThat(List.of(first.type(), second.type())).containsExactly("message", "message");
            assertThat(Html.texts(first.data() + second.data())).containsExactly("missed 1", "missed 2");
            bob.sayOk("resume", "live");
            assertThat(Html.texts(stream.next("message").data())).containsExactly("live");
            assertThat(stream.drain()).noneMatch(e -> e.type().equals("message") || e.type().equals("reset"));
        }
    }

    /** What a page shows of a stream: messages and resets, not the heartbeat or who is here. */
    private static boolean shown(Event event) {
        return !event.type().equals("comment") && !event.type().equals("presence");
    }

    @Test
    void resumingFromTheNewestMessageSendsNothingOldAndEachNewMessageOnce() {
        // The most common reconnect: a blip in a quiet room, the page already has the newest message.
        alice.sayOk("quiet", "old 1");
        alice.sayOk("quiet", "old 2");
        long newest;
        try (EventStream stream = bob.events("quiet")) {
            newest = Long.parseLong(stream.next("reset").id());
        }
        try (EventStream stream = bob.events("quiet", "Last-Event-ID", String.valueOf(newest))) {
            alice.sayOk("quiet", "new 1");
            alice.sayOk("quiet", "new 2");
            Event first = stream.next(StreamTest::shown, Duration.ofSeconds(5));
            Event second = stream.next(StreamTest::shown, Duration.ofSeconds(5));
            assertThat(List.of(first.type(), second.type())).as("no reset, no old message").containsExactly("message", "message");
            assertThat(Html.texts(first.data() + second.data())).containsExactly("new 1", "new 2");
            assertThat(Long.parseLong(first.id())).isGreaterThan(newest);
            assertThat(stream.drain()).noneMatch(StreamTest::shown);
        }
    }

    @Test
    void resumingFromOneBeforeTheNewestSendsExactlyTheNewestAndNoReset() {
        alice.sayOk("one-behind", "seen");
        alice.sayOk("one-behind", "missed");
        long newest;
        try (EventStream stream = bob.events("one-behind")) {
            newest = Long.parseLong(stream.next("reset").id());
        }
        try (EventStream stream = bob.events("one-behind", "Last-Event-ID", String.valueOf(newest - 1))) {
            Event missed = stream.next(StreamTest::shown, Duration.ofSeconds(5));
            assertThat(missed.type()).isEqualTo("message");
            assertThat(Html.texts(missed.data())).containsExactly("missed");
            assertThat(missed.id()).isEqualTo(String.valueOf(newest));
            alice.sayOk("one-behind", "live");
            Event live = stream.next(StreamTest::shown, Duration.ofSeconds(5));
            assertThat(live.type()).isEqualTo("message");
            assertThat(Html.texts(live.data())).containsExactly("live");
            assertThat(stream.drain()).noneMatch(StreamTest::shown);
        }
    }

    @Test
    void missingExactlyAHistorysWorthResumesAndOneMoreStartsOver() {
        long seen;
        try (EventStream stream = bob.events("boundary")) {
            stream.next("reset");
            alice.sayOk("boundary", "seen");
            seen = Long.parseLong(stream.next("message").id());
        }
        for (int i = 1; i <= 5; i++) { // history is 5
            alice.sayOk("boundary", "missed " + i);
        }
        try (EventStream stream = bob.events("boundary", "Last-Event-ID", String.valueOf(seen))) {
            List<String> types = new java.util.ArrayList<>();
            StringBuilder data = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                Event event = stream.next(StreamTest::shown, Duration.ofSeconds(5));
                types.add(event.type());
                data.append(event.data());
            }
            assertThat(types).as("five missed, five messages, no reset").containsOnly("message");
            assertThat(Html.texts(data.toString())).containsExactly("missed 1", "missed 2", "missed 3", "missed 4", "missed 5");
        }
        alice.sayOk("boundary", "missed 6");
        try (EventStream stream = bob.events("boundary", "Last-Event-ID", String.valueOf(seen))) {
            Event reset = stream.next(StreamTest::shown, Duration.ofSeconds(5));
            assertThat(reset.type()).as("six missed, more than the history").isEqualTo("reset");
            assertThat(Html.texts(reset.data())).containsExactly("missed 2", "missed 3", "missed 4", "missed 5", "missed 6");
        }
    }

    @Test
    void aLastEventIdTooOldUnknownOrMalformedStartsOver() {
        for (int i = 0; i < 8; i++) { // history is 5
            alice.sayOk("too-old", "m" + i);
        }
        long newest;
        try (EventStream stream = bob.events("too-old")) {
            newest = Long.parseLong(stream.next("reset").id());
        }
        for (String lastEventId : List.of(String.valueOf(newest - 7), String.valueOf(newest + 1000), "bogus", "-3")) {
            try (EventStream stream = bob.events("too-old", "Last-Event-ID", lastEventId)) {
                Event reset = stream.next(e -> !e.type().equals("comment"), Duration.ofSeconds(5));
                assertThat(reset.type()).as("Last-Event-ID %s", lastEventId).isEqualTo("reset");
                assertThat(Html.texts(reset.data())).containsExactly("m3", "m4", "m5", "m6", "m7");
            }
        }
    }

    @Test
    void afterInTheAddressResumesLikeLastEventIdAndTheHeaderWins() {
        alice.sayOk("after", "one");
        long first;
        try (EventStream stream = bob.events("after")) {
            first = Long.parseLong(stream.next("reset").id());
        }
        alice.sayOk("after", "two");
        alice.sayOk("after", "three");
        // A re-created EventSource sends no Last-Event-ID: the page's ?after= says where it was.
        try (EventStream stream = bob.eventsAt("/rooms/after/events?after=" + first)) {
            assertThat(Html.texts(stream.next("message").data())).containsExactly("two");
            assertThat(Html.texts(stream.next("message").data())).containsExactly("three");
        }
        try (EventStream stream = bob.eventsAt("/rooms/after/events?after=" + first,
                "Last-Event-ID", String.valueOf(first + 1))) {
            assertThat(Html.texts(stream.next("message").data())).as("the header wins").containsExactly("three");
        }
        for (String bad : List.of("bogus", "-1", "1e3", "99999999999999999999999", "")) {
            try (EventStream stream = bob.eventsAt("/rooms/after/events?after=" + bad)) {
                Event reset = stream.next(e -> !e.type().equals("comment"), Duration.ofSeconds(5));
                assertThat(reset.type()).as("after=%s", bad).isEqualTo("reset");
            }
        }
    }

    @Test
    void theHeartbeatIsACommentThatKeepsComing() {
        try (EventStream stream = alice.events("heartbeat")) {
            stream.next("reset");
            assertThat(stream.next("comment", Duration.ofSeconds(3)).data()).isEqualTo("ping");
            assertThat(stream.next("comment", Duration.ofSeconds(3)).data()).isEqualTo("ping");
        }
    }

    @Test
    void textWithAnyLineBreakOrFieldLikeLineArrivesAsOneMessageIntact() {
        String typed = "line one\nline two\r\nline three\rline four\nevent: x\ndata: y\nid: 999\n\nretry: 1";
        try (EventStream stream = bob.events("framing")) {
            stream.next("reset");
            alice.sayOk("framing", typed);
            Event event = stream.next("message");
            // Each line break arrives as one; the blank line starts a new Markdown paragraph, which reads as one too.
            assertThat(Html.texts(event.data())).containsExactly(
                    typed.replace("\r\n", "\n").replace('\r', '\n').replace("\n\n", "\n"));
            assertThat(event.id()).isEqualTo(String.valueOf(Html.messageIds(event.data()).getFirst()));
            assertThat(stream.retry()).isNotEqualTo("1");
            alice.sayOk("framing", "after");
            assertThat(Html.texts(stream.next("message").data())).containsExactly("after");
        }
    }

    @Test
    void presenceListsWhoIsConnectedAndDropsThoseWhoLeave() {
        try (EventStream a = alice.events("presence")) {
            a.next(e -> e.type().equals("presence") && e.data().equals("<li>alice</li>"), Duration.ofSeconds(5));
            try (EventStream b = bob.events("presence")) {
                a.next(e -> e.type().equals("presence") && e.data().equals("<li>alice</li><li>bob</li>"),
                        Duration.ofSeconds(5));
            }
            a.next(e -> e.type().equals("presence") && e.data().equals("<li>alice</li>"), Duration.ofSeconds(5));
        }
    }

    @Test
    void theHomePageSaysHowManyAreInARoomWhileTheirPagesAreOpen() {
        alice.sayOk("gathering", "hello"); // a room is listed from its first message
        assertThat(here(alice.get("/").body(), "gathering")).isZero();
        try (EventStream a = alice.events("gathering"); EventStream b = bob.events("gathering")) {
            a.next("reset");
            b.next("reset");
            assertThat(here(bob.get("/").body(), "gathering")).isEqualTo(2);
        }
        // Closed pages are noticed within a heartbeat (300 ms here).
        assertThat(Poll.until(() -> here(bob.get("/").body(), "gathering"), n -> n == 0, Duration.ofSeconds(5))).isZero();
    }

    /** How many people the home page says are in the room now (0 when it says nothing). */
    private static int here(String home, String room) {
        Matcher card = Pattern.compile("href=\"/rooms/" + room + "\">#" + room + "</a>\\s*<span class=\"meta\">(.*?)</span>",
                Pattern.DOTALL).matcher(home);
        assertThat(card.find()).as("#%s on the home page", room).isTrue();
        Matcher here = Pattern.compile("<strong>(\\d+) here</strong>").matcher(card.group(1));
        return here.find() ? Integer.parseInt(here.group(1)) : 0;
    }

    @Test
    void theStreamNeedsASession() {
        var response = server.client().get("/rooms/general/events", "Accept", "text/event-stream");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("Sign in");
    }

    @Test
    void aStreamForAnInvalidRoomNameIsA404ThatSaysWhy() {
        Client carol = server.signedIn("carol");
        var response = carol.get("/rooms/Not%20A%20Room/events", "Accept", "text/event-stream");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).startsWith("A room name is 1–32 characters");
        assertThat(response.headers().firstValue("Content-Security-Policy")).isPresent();
    }
}
