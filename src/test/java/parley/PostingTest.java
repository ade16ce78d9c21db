package parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import parley.support.Client;
import parley.support.Html;
import parley.support.LogCapture;
import parley.support.SqliteFile;
import parley.support.TestServer;

/** POST /rooms/{room}/messages with htmx and without JavaScript, accepted and refused. */
class PostingTest {
    static TestServer server;
    static Client ann;

    @BeforeAll
    static void start() {
        server = TestServer.start("--limits", "off"); // every test posts from one address; LimitsTest covers the limits
        ann = server.signedIn("ann");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String history(String room) {
        return ann.get("/rooms/" + room).body();
    }

    @Test
    void anHtmxPostStoresTheMessageAndReturnsTheFormCleared() {
        HttpResponse<String> response = ann.say("htmx", "hello there");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("<form id=\"compose\"").contains("name=\"text\"")
                .doesNotContain("hello there").doesNotContain("<html");
        assertThat(Html.texts(history("htmx"))).containsExactly("hello there");
    }

    @Test
    void aPlainFormPostRedirectsBackToTheRoom() {
        HttpResponse<String> response = ann.postForm("/rooms/plain/messages", Map.of("text", "no script"));
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(Html.texts(history("plain"))).containsExactly("no script");
        long id = Html.messageIds(history("plain")).getFirst();
        assertThat(response.headers().firstValue("Location")).as("the room, at the message")
                .hasValue("/rooms/plain#m-" + id);
    }

    @Test
    void textIsTrimmedAndLineBreaksAreKeptAsLineFeeds() {
        ann.sayOk("breaks", "  one\r\ntwo\rthree\tfour  ");
        assertThat(Html.texts(history("breaks"))).containsExactly("one\ntwo\nthree\tfour");
    }

    @Test
    void twoThousandCharactersFitEvenAsEmoji() {
        ann.sayOk("long", "x".repeat(2000));
        ann.sayOk("long", "😀".repeat(2000));
        assertThat(Html.texts(history("long"))).containsExactly("x".repeat(2000), "😀".repeat(2000));
    }

    @Test
    void theComposeFormAllowsTheLongestMessageTheServerAccepts() {
        assertThat(maxLength(history("longest"))).as("the default --max-message").isEqualTo(2000);
        try (TestServer server = TestServer.start("--max-message", "300", "--limits", "off")) {
            Client bo = server.signedIn("bo");
            assertThat(maxLength(bo.get("/rooms/longest").body())).isEqualTo(300);

            HttpResponse<String> over = bo.say("longest", "y".repeat(301));
            assertThat(over.statusCode()).isEqualTo(422);
            assertThat(over.body()).contains("That message is 301 characters long; the limit is 300.");
            assertThat(maxLength(over.body())).as("the form that comes back").isEqualTo(300);

            HttpResponse<String> exactly = bo.say("longest", "x".repeat(300));
            assertThat(exactly.statusCode()).isEqualTo(200);
            assertThat(maxLength(exactly.body())).as("the cleared form").isEqualTo(300);
            assertThat(Html.texts(bo.get("/rooms/longest").body())).containsExactly("x".repeat(300));
        }
    }

    /** The maxlength of the compose form's textarea: what a browser lets a person type. */
    private static int maxLength(String html) {
        Matcher textarea = Pattern.compile("<textarea [^>]*name=\"text\"[^>]*>").matcher(html);
        assertThat(textarea.find()).as("a compose textarea in %s", html).isTrue();
        Matcher maxLength = Pattern.compile("maxlength=\"(\\d+)\"").matcher(textarea.group());
        assertThat(maxLength.find()).as("maxlength on %s", textarea.group()).isTrue();
        return Integer.parseInt(maxLength.group(1));
    }

    static Stream<Arguments> badTexts() {
        return Stream.of(
                Arguments.of("", "Type a message first."),
                Arguments.of(" \n\t ", "Type a message first."),
                Arguments.of("x".repeat(2001), "the limit is 2000"),
                Arguments.of("bell\u0007", "control characters"),
                Arguments.of("nul\0byte", "control characters"),
                Arguments.of("escape\u001b[31m", "control characters"),
                Arguments.of("del\u007f", "control characters"));
    }

    @ParameterizedTest
    @MethodSource("badTexts")
    void badTextWithHtmxGetsTheFormBackWithTheReasonAndTheTextKept(String text, String reason) {
        try (LogCapture log = new LogCapture()) {
            HttpResponse<String> response = ann.say("refused", text);
            assertThat(response.statusCode()).isEqualTo(422);
            assertThat(response.body()).startsWith("<form id=\"compose\"").contains("id=\"compose-error\"", reason);
            assertThat(log.text()).doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThat(Html.texts(history("refused"))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("badTexts")
    void badTextWithoutJavaScriptGetsTheRoomPageWithTheReason(String text, String reason) {
        HttpResponse<String> response = ann.postForm("/rooms/refused-plain/messages", Map.of("text", text));
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("<html", "id=\"messages\"", "id=\"compose-error\"", reason);
        assertThat(Html.texts(history("refused-plain"))).isEmpty();
    }

    @Test
    void aMissingTextFieldIsRefusedLikeAnEmptyOne() {
        HttpResponse<String> response = ann.postForm("/rooms/refused/messages", Map.of(), "HX-Request", "true");
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("Type a message first.");
    }

    @Test
    void postingWithoutASessionIsUnauthorisedAndStoresNothing() {
        Client stranger = server.client();
        HttpResponse<String> htmx = stranger.say("private", "let me in");
        assertThat(htmx.statusCode()).isEqualTo(401);
        assertThat(htmx.body()).contains("id=\"compose\"", "Sign in, then try again", "let me in");
        HttpResponse<String> plain = stranger.postForm("/rooms/private/messages", Map.of("text", "let me in"),
                "Accept", "text/html");
        assertThat(plain.statusCode()).isEqualTo(401);
        assertThat(plain.body()).contains("Sign in, then try again", "href=\"/\"");
        assertThat(Html.texts(history("private"))).isEmpty();
    }

    @Test
    void whenTheStoreFailsToSaveThePostIsA503ThatKeepsTheTextStoresNothingAndTheNextPostWorks() {
        ann.sayOk("store-fails", "before");
        SqliteFile.execute(server.data(), """
                CREATE TRIGGER fail_here BEFORE INSERT ON messages WHEN NEW.text = 'fail here'
                BEGIN SELECT RAISE(ABORT, 'injected'); END""");
        try (LogCapture log = new LogCapture()) {
            HttpResponse<String> htmx = ann.say("store-fails", "fail here");
            assertThat(htmx.statusCode()).isEqualTo(503);
            assertThat(htmx.body()).startsWith("<form id=\"compose\"")
                    .contains("id=\"compose-error\"", "Parley could not save your message just now", ">fail here</textarea>");

            HttpResponse<String> plain = ann.postForm("/rooms/store-fails/messages", Map.of("text", "fail here"));
            assertThat(plain.statusCode()).isEqualTo(503);
            assertThat(plain.body()).as("the room page, with the reason by the form")
                    .contains("<html", "id=\"messages\"", "Parley could not save your message just now", ">fail here</textarea>");

            // The first message of a room that does not exist yet: the room is not created either.
            assertThat(ann.say("never-started", "fail here").statusCode()).isEqualTo(503);

            assertThat(server.client().get("/health").statusCode()).as("health while one write fails").isEqualTo(200);
            assertThat(log.text()).as("the operator is told").contains("injected").doesNotContain("\tat ");

            // The failed transaction left nothing behind on its connection: the next post is saved.
            ann.sayOk("store-fails", "after");
        } finally {
            SqliteFile.execute(server.data(), "DROP TRIGGER fail_here");
        }
        assertThat(Html.texts(history("store-fails"))).containsExactly("before", "after");
        // The room's message count is kept in the same transaction as the message: the home page counts two.
        String home = ann.get("/").body();
        assertThat(messagesCounted(home, "store-fails")).isEqualTo(2);
        assertThat(home).doesNotContain("/rooms/never-started");
        assertThat(Html.texts(history("never-started"))).isEmpty();
    }

    /** The number of messages the home page says a room has. */
    private static int messagesCounted(String home, String room) {
        Matcher count = Pattern.compile("href=\"/rooms/" + room + "\">#" + room + "</a>\\s*<span class=\"meta\">\\s*(\\d+) message")
                .matcher(home);
        assertThat(count.find()).as("#%s with its count on the home page", room).isTrue();
        return Integer.parseInt(count.group(1));
    }

    @Test
    void postingToAnInvalidRoomIsNotFoundWithTheRule() {
        HttpResponse<String> response = ann.say("Not_A_Room", "hi");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("1–32 characters");
    }
}
