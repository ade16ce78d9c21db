package parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import parley.support.Client;
import parley.support.EventStream;
import parley.support.Html;
import parley.support.TestServer;

/** Scrollback, the page without JavaScript, permalinks, and a plain post that returns to its message. */
class ScrollbackTest {
    private static final Pattern SENTINEL = Pattern.compile(
            "^<li class=\"older\" data-hx-get=\"(/rooms/long/messages\\?before=(\\d+))\" data-hx-trigger=\"intersect once\" "
                    + "data-hx-swap=\"outerHTML\"><a href=\"/rooms/long\\?before=\\2\">Older messages</a></li>");
    private static final String BEGINNING = "<li class=\"beginning\">This is the beginning of #long</li>";

    static TestServer server;
    static Client ann;
    /** The ids of the 1,000 messages of #long, oldest first; its texts are "m1" to "m1000". */
    static List<Long> ids = new ArrayList<>();

    @BeforeAll
    static void start() {
        server = TestServer.start("--limits", "off");
        ann = server.signedIn("ann");
        for (int i = 1; i <= 1000; i++) {
            ann.sayOk("long", "m" + i);
            if (i % 100 == 0) {
                ann.sayOk("interleaved", "x" + i); // another room's ids fall between these
            }
        }
        String page = ann.get("/rooms/long").body();
        ids.addAll(Html.messageIds(page));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theRoomOpensWithItsNewestHistoryUnderTheSentinelAndScrollsBackFiftyAtATimeToTheFirst() {
        String page = ann.get("/rooms/long").body();
        List<String> newest = Html.texts(page);
        assertThat(newest).hasSize(100).startsWith("m901").endsWith("m1000");
        String list = messagesList(page);
        Matcher sentinel = SENTINEL.matcher(list);
        assertThat(sentinel.find()).as("the list begins with the sentinel: %s", list.substring(0, 300)).isTrue();
        assertThat(sentinel.group(2)).isEqualTo(String.valueOf(Html.messageIds(page).getFirst()));
        assertThat(page).contains("<a href=\"/rooms/long?before=" + sentinel.group(2) + "\">Older messages</a>");

        List<String> seen = new ArrayList<>(newest);
        String next = sentinel.group(1);
        int pages = 0;
        while (next != null) {
            HttpResponse<String> fragment = ann.get(next, "HX-Request", "true");
            assertThat(fragment.statusCode()).as(next).isEqualTo(200);
            String body = fragment.body();
            List<String> texts = Html.texts(body);
            assertThat(texts).hasSizeLessThanOrEqualTo(50);
            seen.addAll(0, texts);
            pages++;
            Matcher more = SENTINEL.matcher(body);
            if (more.find()) {
                assertThat(texts).hasSize(50);
                assertThat(more.group(2)).isEqualTo(String.valueOf(Html.messageIds(body).getFirst()));
                next = more.group(1);
            } else {
                assertThat(body).as("the last page begins with the beginning").startsWith(BEGINNING);
                next = null;
            }
        }
        assertThat(pages).isEqualTo(18); // 900 older messages, 50 at a time
        List<String> all = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            all.add("m" + i);
        }
        assertThat(seen).as("every message once, in order, and no other room's").isEqualTo(all);
    }

    @Test
    void withoutJavaScriptTheOlderMessagesLinkPagesBackAndTheNewestAreALinkAway() {
        long oldestShown = ids.getFirst();
        HttpResponse<String> older = ann.get("/rooms/long?before=" + oldestShown);
        assertThat(older.statusCode()).isEqualTo(200);
        assertThat(Html.texts(older.body())).hasSize(50).startsWith("m851").endsWith("m900");
        assertThat(older.body()).contains("href=\"/rooms/long?before=" + Html.messageIds(older.body()).getFirst() + "\">Older messages")
                .contains("<a href=\"/rooms/long\">Newer messages are not shown here: go to the newest</a>")
                .as("the stream continues after the room's newest, not after m900")
                .contains("data-sse-connect=\"/rooms/long/events?after=" + ids.getLast() + "&amp;page=")
                .contains("id=\"compose\"");

        Pattern olderLink = Pattern.compile("<a href=\"(/rooms/long\\?before=\\d+)\">Older messages</a>");
        String page = ann.get("/rooms/long").body();
        int pages = 1;
        for (Matcher link = olderLink.matcher(page); link.find(); link = olderLink.matcher(page)) {
            page = ann.get(link.group(1)).body();
            pages++;
        }
        assertThat(pages).as("the newest 100, then 18 pages of 50").isEqualTo(19);
        assertThat(Html.texts(page)).hasSize(50).startsWith("m1").endsWith("m50");
        assertThat(messagesList(page)).startsWith(BEGINNING);
    }

    @Test
    void aPageStreamResumesAfterItsNewestMessageInsteadOfReplacingTheList() {
        Client bob = server.signedIn("bob");
        bob.sayOk("resume", "one");
        String page = bob.get("/rooms/resume").body();
        long newest = Html.messageIds(page).getLast();
        assertThat(page).contains("data-sse-connect=\"/rooms/resume/events?after=" + newest + "&amp;page=");
        bob.sayOk("resume", "two");
        try (EventStream events = bob.eventsAt("/rooms/resume/events?after=" + newest)) {
            EventStream.Event missed = events.next(e -> e.type().equals("message") || e.type().equals("reset"),
                    Duration.ofSeconds(5));
            assertThat(missed.type()).as("no reset: the page keeps what it shows").isEqualTo("message");
            assertThat(Html.texts(missed.data())).containsExactly("two");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-5", "1.5", "", "99999999999999999999", "%20"})
    void aBeforeThatIsNoMessageIdIsRefusedWithWordsNotA5xx(String before) {
        for (String path : List.of("/rooms/long/messages?before=" + before, "/rooms/long?before=" + before)) {
            HttpResponse<String> got = ann.get(path, "Accept", "text/html");
            assertThat(got.statusCode()).as(path).isEqualTo(400);
            assertThat(got.body()).as(path).contains("before= takes a message's id");
        }
        HttpResponse<String> none = ann.get("/rooms/long/messages");
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.body()).contains("Say where the older messages end");
    }

    @Test
    void aBeforeFromAnotherRoomOrPastTheEndIsOnlyAPosition() {
        long elsewhere = Html.messageIds(ann.get("/rooms/interleaved").body()).get(5); // posted after m600
        String fragment = ann.get("/rooms/long/messages?before=" + elsewhere).body();
        assertThat(Html.texts(fragment)).hasSize(50).endsWith("m600").allMatch(t -> t.startsWith("m"));
        assertThat(Html.texts(ann.get("/rooms/long/messages?before=" + Long.MAX_VALUE).body())).endsWith("m1000");
        assertThat(ann.get("/rooms/long/messages?before=0").body().strip()).isEqualTo(BEGINNING);
        assertThat(ann.get("/rooms/never-used/messages?before=5").body().strip())
                .isEqualTo("<li class=\"beginning\">This is the beginning of #never-used</li>");
    }

    @Test
    void aPermalinkOpensTheRoomAroundItsMessageMarkedWithNewerOnesALinkAway() {
        long linked = ids.get(0) - 400; // m501: ids of #long are consecutive but for the other room's
        String target = Html.messageIds(ann.get("/rooms/long?before=" + (linked + 1)).body()).getLast().toString();
        HttpResponse<String> page = ann.get("/rooms/long/messages/" + target);
        assertThat(page.statusCode()).isEqualTo(200);
        List<String> texts = Html.texts(page.body());
        assertThat(texts).hasSize(51);
        String marked = texts.get(25);
        assertThat(page.body()).as("the note stands right above the linked message").containsPattern(
                "<li class=\"permalink-note\" id=\"permalinked\">Linked message:</li><li [^>]*data-message-id=\"" + target + "\"");
        assertThat(Html.messageIds(page.body()).get(25)).hasToString(target);
        assertThat(marked).startsWith("m");
        assertThat(messagesList(page.body())).matches("(?s)<li class=\"older\".*");
        assertThat(page.body()).contains("go to the newest</a>")
                .contains("data-sse-connect=\"/rooms/long/events?after=" + ids.getLast() + "&amp;page=");
    }

    @Test
    void aPermalinkToAnotherRoomsMessageOrNoMessageIsA404ThatSaysSo() {
        long elsewhere = Html.messageIds(ann.get("/rooms/interleaved").body()).getFirst();
        for (String id : List.of(String.valueOf(elsewhere), "99999999", "abc", "-1")) {
            HttpResponse<String> got = ann.get("/rooms/long/messages/" + id, "Accept", "text/html");
            assertThat(got.statusCode()).as(id).isEqualTo(404);
            assertThat(got.body()).as(id).contains("#long has no message with that link").doesNotContain("x100");
        }
    }

    @Test
    void aPlainPostReturnsToTheRoomAtTheMessage() {
        Client carol = server.signedIn("carol");
        HttpResponse<String> posted = carol.postForm("/rooms/plain/messages", Map.of("text", "where am I"));
        assertThat(posted.statusCode()).isEqualTo(303);
        String page = carol.get("/rooms/plain").body();
        long id = Html.messageIds(page).getLast();
        assertThat(posted.headers().firstValue("Location")).hasValue("/rooms/plain#m-" + id);
    }

    /** The content of #messages, from its first item. */
    private static String messagesList(String page) {
        int open = page.indexOf("<ol id=\"messages\"");
        return page.substring(page.indexOf('>', open) + 1);
    }
}
