package parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import parley.support.Client;
import parley.support.EventStream;
import parley.support.Html;
import parley.support.LogCapture;
import parley.support.RawHttp;
import parley.support.TestServer;

/**
 * What an attacker, or a clumsy client, can send: every input below either gets a 4xx that says what is
 * wrong, or is stored and shown exactly as typed, on the page and over the stream. After each one the
 * server still answers and still takes an ordinary message.
 */
class HostileInputTest {
    static TestServer server;
    static final AtomicInteger rooms = new AtomicInteger();

    @BeforeAll
    static void start() {
        server = TestServer.start("--limits", "off"); // one address sends all of it; LimitsTest covers the limits
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** One hostile input and what must come of it, tried in a room of its own. */
    interface Case {
        void run(String room);
    }

    static Stream<Arguments> cases() {
        String emoji2000 = "😀".repeat(2000);
        return Stream.of(
                // Message text: shown exactly as typed.
                shown("plain text", "hello"),
                shown("a tab", "a\tb"),
                shown("script tag", "<script>alert(1)</script>"),
                shown("image with onerror", "<img src=x onerror=alert(1)>"),
                shown("closing the text's paragraph", "</p><p class=\"text\">fake</p>"),
                shown("attribute breakout", "\" onmouseover=\"alert(1)"),
                // Markdown decodes entities, takes a backslash as an escape and a blank line as a new paragraph;
                // what is shown is still only text (Html.texts is the rendered text without its tags).
                shownAs("entities typed literally, decoded as Markdown does", "&lt;b&gt; &amp; &#39;", "<b> & '"),
                shown("javascript URL", "javascript:alert(document.cookie)"),
                shown("jte expression syntax", "${message.text()} @template.layout() !{x}"),
                markdown("template syntax of other engines (a star pair is emphasis)", "{{7*7}} <%= 7*7 %> #{7*7}",
                        html -> assertThat(html).isEqualTo("<p>{{7<em>7}} &lt;%= 7</em>7 %&gt; #{7*7}</p>")),
                shown("SQL: drop table", "'; DROP TABLE messages; --"),
                shown("SQL: always true", "\" OR \"\"=\" ' OR 1=1 --"),
                shownAs("SQL: LIKE wildcards and escapes (a backslash escapes)", "%_\\%' \\\\ ;", "%_%' \\ ;"),
                shownAs("SSE: an event inside the text (two paragraphs)", "x\n\nevent: reset\ndata: gone", "x\nevent: reset\ndata: gone"),
                shown("SSE: field-like lines", "data: x\nid: 99999\nretry: 1\n: comment"),
                shown("bidi override, closed", "\u202Eevil\u202C and good"),
                shown("bidi isolates and marks", "\u2067abc\u2069 \u200F!"),
                shown("zero-width joiner family", "👩‍👩‍👧‍👦"),
                shown("combining accents", "e\u0301 a\u0308"),
                shown("astral characters", "𝕏 𓀀 🀄"),
                shown("look-alike letters", "раураl.com"), // Cyrillic р, а, у
                shown("right-to-left script", "שלום עולם"),
                shown("BOM inside text", "a\uFEFFb"),
                shownAs("backslashes and quotes (a backslash escapes)", "\\\"'`", "\"'`"),
                shown("percent signs as text", "100%25 %FF %00"),
                shown("plus signs as text", "1+1=2"),
                shown("2000 emoji, the longest allowed", emoji2000),
                shownAs("CRLF becomes LF", "a\r\nb", "a\nb"),
                shownAs("lone CR becomes LF", "a\rb", "a\nb"),
                shownAs("LF CR is two breaks: a new paragraph", "a\n\rb", "a\nb"),
                shownAs("CR CR LF: a new paragraph", "a\r\r\nb", "a\nb"),
                shownAs("blank lines inside: a new paragraph", "a\n\n\nb", "a\nb"),
                shownAs("breaks around the text trimmed", "\r\n hello \r\n", "hello"),
                // Message text as Markdown: what it may do, and what it cannot.
                markdown("a javascript: link is only its text", "[click](javascript:alert(document.cookie))",
                        html -> assertThat(html).isEqualTo("<p>click</p>")),
                markdown("a data: link is only its text", "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
                        html -> assertThat(html).isEqualTo("<p>click</p>")),
                markdown("an image never loads: it is a link", "![x](https://example.com/x.png)",
                        html -> assertThat(html).isEqualTo("<p><a rel=\"noopener noreferrer nofollow ugc\" "
                                + "href=\"https://example.com/x.png\">x</a></p>")),
                markdown("raw HTML image with onerror is text", "<img src=x onerror=alert(1)>",
                        html -> assertThat(html).isEqualTo("<p>&lt;img src=x onerror=alert(1)&gt;</p>")),
                markdown("a link gets the rel", "[docs](https://example.com/docs)",
                        html -> assertThat(html).isEqualTo("<p><a rel=\"noopener noreferrer nofollow ugc\" "
                                + "href=\"https://example.com/docs\">docs</a></p>")),
                markdown("a code block keeps its shape", "```\nif (a  <  b)\n    go();\n```",
                        html -> assertThat(html).isEqualTo("<pre><code>if (a  &lt;  b)\n    go();\n</code></pre>")),
                markdown("2,000 quote markers: bounded", ">".repeat(2000),
                        html -> assertThat(html.split("<blockquote>", -1).length - 1).isBetween(2, 17)),
                markdown("1,000 nested list markers: bounded", "- ".repeat(1000),
                        html -> assertThat(html.split("<li>", -1).length).isLessThanOrEqualTo(17)),
                markdown("2,000 brackets", "[".repeat(2000), html -> assertThat(html).isEqualTo("<p>" + "[".repeat(2000) + "</p>")),
                // Message text: refused, with the reason.
                refused("NUL", "a\u0000b", 422, "control characters"),
                refused("bell", "ding\u0007", 422, "control characters"),
                refused("terminal escape", "\u001B[31mred", 422, "control characters"),
                refused("vertical tab", "a\u000Bb", 422, "control characters"),
                refused("form feed", "a\u000Cb", 422, "control characters"),
                refused("DEL", "a\u007Fb", 422, "control characters"),
                refused("C1 next line", "a\u0085b", 422, "control characters"),
                refused("only line breaks", "\r\n\r\n\n\r", 422, "Type a message first"),
                refused("only spaces", "   \t  ", 422, "Type a message first"),
                refused("only zero-width space", "\u200B\u200B", 422, "nothing visible"),
                refused("only a bidi override", "\u202E", 422, "nothing visible"),
                refused("2001 characters", "x".repeat(2001), 422, "the limit is 2000"),
                // Account names (sign-up).
                accountName("HTML as a name", "<script>alert(1)"),
                accountName("SQL as a name", "x'); DROP TABLE rooms;--"),
                accountName("24 emoji", "😀".repeat(24)),
                accountNameRefused("bidi override in a name", "\u202Eoob", "change the direction of text"),
                accountNameRefused("25 characters", "x".repeat(25), "a name is 1–24 characters"),
                accountNameRefused("line break", "bo\r\nSet-Cookie: x=1", "control characters"),
                accountNameRefused("NUL", "bo\u0000", "control characters"),
                accountNameRefused("tab", "b\to", "control characters"),
                accountNameRefused("blank", "   ", "Choose a name"),
                accountNameRefused("invisible", "\u200B\u2060", "visible character"),
                accountNameRefused("a slash, which would split a URL path", "ops/admin", "can't contain /"),
                accountNameRefused("dot dot, which a browser resolves away", "..", "be just . or .."),
                nameTaken("the same name in capitals", "TAKEN-CAPS", "taken-caps"),
                nameTaken("a look-alike with a Cyrillic а", "аlice-look", "alice-look"),
                nameTaken("a look-alike in full-width letters", "ａｌｉｃｅ", "alice"),
                passwordRefused("empty password", "", 422, "Choose a password"),
                passwordRefused("9 characters", "x".repeat(9), 422, "a password is 10–256 characters"),
                passwordRefused("257 characters", "x".repeat(257), 422, "a password is 10–256 characters"),
                passwordRefused("a 1 MB password", "x".repeat(1 << 20), 413, "larger than the 64 KB"),
                // Room names in the address.
                roomPath("dot dot", "/rooms/..", 404, "No such room"),
                roomPath("dot dot, encoded", "/rooms/%2e%2e", 404, "No such room"),
                roomPath("slash, encoded", "/rooms/a%2Fb", 404, "No such room"),
                roomPath("backslash, encoded", "/rooms/a%5Cb", 404, "No such room"),
                roomPath("path traversal", "/rooms/..%2F..%2Fetc%2Fpasswd", 404, "No such room"),
                roomPath("upper case", "/rooms/Lobby", 404, "No such room"),
                roomPath("full-width look-alike", "/rooms/%EF%BD%8Cobby", 404, "No such room"),
                roomPath("Cyrillic look-alike", "/rooms/l%D0%BEbby", 404, "No such room"),
                roomPath("33 characters", "/rooms/" + "a".repeat(33), 404, "No such room"),
                roomPath("NUL", "/rooms/a%00b", 400, "could not read this request"),
                roomPath("not UTF-8", "/rooms/%FF", 400, "could not read this request"),
                roomPath("CRLF, encoded", "/rooms/a%0D%0ASet-Cookie:%20x=1", 404, "No such room"),
                // Room names typed into "Open a room".
                roomTyped("spaces become dashes", "  Big Room ", "/rooms/big-room"),
                roomTypedRefused("dot dot slash", "../etc", "A room name is 1–32 characters"),
                roomTypedRefused("slash", "a/b", "A room name is 1–32 characters"),
                roomTypedRefused("look-alike", "lоbby", "A room name is 1–32 characters"),
                roomTypedRefused("CRLF", "lobby\r\nSet-Cookie: x=1", "A room name is 1–32 characters"),
                roomTypedRefused("script", "<script>", "A room name is 1–32 characters"),
                // Bodies that are not what a browser sends.
                body("bytes that are not UTF-8", bytes("text=", new byte[] {(byte) 0xFF, (byte) 0xFE}), 400, "not UTF-8"),
                body("escaped bytes that are not UTF-8", ascii("text=%FF%FE"), 400, "not UTF-8"),
                body("overlong encoding of '/'", ascii("text=%C0%AF"), 400, "not UTF-8"),
                body("an encoded surrogate", ascii("text=%ED%A0%80"), 400, "not UTF-8"),
                body("a cut-off escape", ascii("text=%E2%82"), 400, "not UTF-8"),
                body("a broken escape", ascii("text=%G1"), 400, "not UTF-8"),
                declaredTooLarge("70 KB", "text=".length() + 70_000), // raw: a client still sending meets a closed connection
                declaredTooLarge("10 MB", 10_000_000),
                declaredTooLarge("2 GB", 2_000_000_000L),
                chunkedTooLarge("72 KB without a length, sent in chunks"),
                body("the text field twice", ascii("text=first&text=second"), 200, ""),
                declaredTooLarge("a length beyond 2 GB", 99_999_999_999L),
                typed("JSON instead of a form", "application/json", "{\"text\":\"hi\"}", 415, "application/x-www-form-urlencoded in UTF-8"),
                typed("plain text that looks like a form", "text/plain", "text=hello", 415, "application/x-www-form-urlencoded in UTF-8"),
                typed("a form in another charset", "application/x-www-form-urlencoded; charset=ISO-8859-1", "text=caf%E9", 415, "in UTF-8"),
                typed("a charset no one knows", "application/x-www-form-urlencoded; charset=foo", "text=hi", 415, "in UTF-8"),
                typed("a charset without a value", "application/x-www-form-urlencoded; charset", "text=hi", 415, "in UTF-8"),
                typed("UTF-8 said out loud", "application/x-www-form-urlencoded; charset=UTF-8", "text=caf%C3%A9", 200, ""),
                typed("multipart", "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nhi\r\n--b--\r\n", 415, "application/x-www-form-urlencoded"),
                startedUpload("a multipart upload without a length", "Content-Type: multipart/form-data; boundary=b\r\n"
                        + "Transfer-Encoding: chunked\r\n", "1f40\r\n" + "a".repeat(8000) + "\r\n", 415, "application/x-www-form-urlencoded"),
                refusedOutsideARoom("cross-site htmx post to /messages", "/messages"),
                refusedOutsideARoom("cross-site htmx post to /rooms/messages", "/rooms/messages"),
                refusedOutsideARoom("cross-site htmx post to a bad room's messages", "/rooms/A%20B/messages"),
                // Headers.
                lastEventId("negative", "-1"),
                lastEventId("not a number", "../../etc/passwd"),
                lastEventId("beyond a long", "99999999999999999999999"),
                forgedCookie("garbage", "parley_session=%%%"),
                forgedCookie("a signed cookie from before accounts", "parley_session=YXxifGV2ZQ.AAAA"),
                forgedCookie("a well-formed token no session has", "parley_session=" + "A".repeat(43)),
                endedSession("a session that was signed out")
        ).map(c -> Arguments.of(c.name, c.check));
    }

    record Named(String name, Case check) {}

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedClearlyOrShownExactlyAsTyped(String name, Case check) {
        check.run("hostile-" + rooms.incrementAndGet());
    }

    @AfterEach
    void theServerIsStillHealthy() {
        Client ann = server.signedIn("ann");
        assertThat(ann.get("/health").statusCode()).isEqualTo(200);
        ann.sayOk("still-fine", "ordinary message");
        assertThat(Html.texts(ann.get("/rooms/still-fine").body())).last().isEqualTo("ordinary message");
    }

    // ---- the kinds of case ----

    static Named shown(String name, String typed) {
        return shownAs(name, typed, typed);
    }

    /** Posted with htmx: 200, and the text is {@code shown} in the page and on another person's stream. */
    static Named shownAs(String name, String typed, String shown) {
        return new Named(name, room -> {
            Client ann = server.signedIn("ann");
            try (EventStream watcher = server.signedIn("bob").events(room)) {
                watcher.next("reset");
                HttpResponse<String> response = ann.say(room, typed);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                EventStream.Event live = watcher.next("message");
                assertThat(Html.texts(live.data())).containsExactly(shown);
                String page = ann.get("/rooms/" + room).body();
                assertThat(Html.texts(page)).containsExactly(shown);
                if (typed.contains("<")) {
                    assertThat(page).doesNotContain(typed);
                    assertThat(live.data()).doesNotContain(typed);
                }
            }
        });
    }

    /**
     * Posted with htmx: 200, and its text, as Markdown rendered to HTML, passes {@code check}; the page and another
     * person's stream show the same bytes.
     */
    static Named markdown(String name, String typed, java.util.function.Consumer<String> check) {
        return new Named(name, room -> {
            Client ann = server.signedIn("ann");
            try (EventStream watcher = server.signedIn("bob").events(room)) {
                watcher.next("reset");
                HttpResponse<String> response = ann.say(room, typed);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                List<String> live = Html.renderedTexts(watcher.next("message").data());
                List<String> page = Html.renderedTexts(ann.get("/rooms/" + room).body());
                assertThat(live).hasSize(1);
                check.accept(live.getFirst());
                assertThat(page).as("the page shows the stream's bytes").isEqualTo(live);
            }
        });
    }

    /** Posted with htmx: refused with the reason next to the form, what was typed kept, nothing stored. */
    static Named refused(String name, String typed, int status, String reason) {
        return new Named(name, room -> {
            Client ann = server.signedIn("ann");
            HttpResponse<String> response = ann.say(room, typed);
            assertThat(response.statusCode()).isEqualTo(status);
            assertThat(response.body()).contains("id=\"compose\"", "role=\"alert\"", reason);
            assertThat(Html.texts(ann.get("/rooms/" + room).body())).isEmpty();
        });
    }

    /** Accepted as an account's name and shown exactly: in the header, on messages and in the room's presence. */
    static Named accountName(String name, String typed) {
        return new Named(name, room -> {
            Client person = server.client();
            HttpResponse<String> signIn = person.postForm("/signup", Map.of("name", typed, "password", Client.PASSWORD));
            assertThat(signIn.statusCode()).isEqualTo(303);
            person.sayOk(room, "hi");
            String page = person.get("/rooms/" + room).body();
            assertThat(Html.unescape(between(page, "Signed in as <strong>", "</strong>"))).isEqualTo(typed);
            assertThat(Html.unescape(between(page, "<span class=\"author\">", "</span>"))).isEqualTo(typed);
            assertThat(Html.listItems(between(page, "id=\"presence\"", "</ul>"))).contains(typed);
            if (typed.contains("<")) {
                assertThat(page).doesNotContain(typed);
            }
        });
    }

    static Named accountNameRefused(String name, String typed, String reason) {
        return new Named(name, room -> {
            Client person = server.client();
            HttpResponse<String> signIn = person.postForm("/signup", Map.of("name", typed, "password", Client.PASSWORD));
            assertThat(signIn.statusCode()).isEqualTo(422);
            assertThat(signIn.body()).contains("id=\"signup-error\"", reason);
            assertThat(signIn.headers().firstValue("Set-Cookie")).isEmpty();
        });
    }

    /** {@code first} signs up; then {@code same}, which is the same name ignoring case and look-alikes, is refused. */
    static Named nameTaken(String name, String same, String first) {
        return new Named(name, room -> {
            server.signedIn(first);
            Client person = server.client();
            HttpResponse<String> signUp = person.postForm("/signup", Map.of("name", same, "password", Client.PASSWORD));
            assertThat(signUp.statusCode()).isEqualTo(422);
            assertThat(signUp.body()).contains("id=\"signup-error\"", "is taken");
            assertThat(signUp.headers().firstValue("Set-Cookie")).isEmpty();
            HttpResponse<String> signIn = person.postForm("/session", Map.of("name", same, "password", "not the password"));
            assertThat(signIn.statusCode()).as("no one can sign in as the look-alike either").isEqualTo(401);
        });
    }

    static Named passwordRefused(String name, String password, int status, String reason) {
        return new Named(name, room -> {
            Client person = server.client();
            HttpResponse<String> signUp = person.postForm("/signup", Map.of("name", "pw-" + room, "password", password));
            assertThat(signUp.statusCode()).isEqualTo(status);
            assertThat(signUp.body()).contains(reason);
            assertThat(signUp.headers().firstValue("Set-Cookie")).isEmpty();
            HttpResponse<String> signIn = person.postForm("/session", Map.of("name", "pw-" + room, "password", password));
            assertThat(signIn.statusCode()).as("and nobody signs in with it").isIn(401, 413);
        });
    }

    static Named roomPath(String name, String path, int status, String reason) {
        return new Named(name, room -> {
            Client ann = server.signedIn("ann");
            HttpResponse<String> response = ann.send(ann.request(path, "Accept", "text/html").GET().build());
            assertThat(response.statusCode()).isEqualTo(status);
            assertThat(response.body()).contains(reason).doesNotContain("Exception", "at parley.");
            if (status == 404) {
                assertThat(ann.getStream(path + "/events").statusCode()).as("its stream").isEqualTo(404);
                HttpResponse<String> post = ann.postForm(path + "/messages", Map.of("text", "x"));
                assertThat(post.statusCode()).as("posting to it").isBetween(400, 499);
            }
        });
    }

    static Named roomTyped(String name, String typed, String location) {
        return new Named(name, room -> {
            HttpResponse<String> response = server.signedIn("ann").get("/rooms?name=" + query(typed));
            assertThat(response.statusCode()).isEqualTo(303);
            assertThat(response.headers().firstValue("Location")).hasValue(location);
        });
    }

    static Named roomTypedRefused(String name, String typed, String reason) {
        return new Named(name, room -> {
            HttpResponse<String> response = server.signedIn("ann").get("/rooms?name=" + query(typed));
            assertThat(response.statusCode()).isEqualTo(422);
            assertThat(response.body()).contains("id=\"room-error\"", reason);
            assertThat(response.headers().firstValue("Location")).isEmpty();
            assertThat(response.headers().map().keySet()).noneMatch(header -> header.equalsIgnoreCase("Set-Cookie"));
        });
    }

    /** A form post with exactly these bytes; 200 means it was stored, anything else that nothing was. */
    static Named body(String name, byte[] body, int status, String reason) {
        return new Named(name, room -> post(room, HttpRequest.BodyPublishers.ofByteArray(body), status, reason));
    }

    /** A post with this Content-Type and body. */
    static Named typed(String name, String contentType, String body, int status, String reason) {
        return new Named(name, room -> post(room, contentType, HttpRequest.BodyPublishers.ofString(body), status, reason));
    }

    /** A refused htmx post to an address that is not a room's messages: a plain 4xx, not a server error. */
    static Named refusedOutsideARoom(String name, String path) {
        return new Named(name, room -> {
            HttpResponse<String> response = server.signedIn("ann").postForm(path, Map.of("text", "x"),
                    "HX-Request", "true", "Sec-Fetch-Site", "cross-site");
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).contains("Parley only accepts forms sent from its own pages");
        });
    }

    private static void post(String room, HttpRequest.BodyPublisher body, int status, String reason) {
        post(room, "application/x-www-form-urlencoded", body, status, reason);
    }

    private static void post(String room, String contentType, HttpRequest.BodyPublisher body, int status, String reason) {
        Client ann = server.signedIn("ann");
        HttpResponse<String> response = ann.send(ann.request("/rooms/" + room + "/messages", "HX-Request", "true")
                .header("Content-Type", contentType).POST(body).build());
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).contains(reason).doesNotContain("Exception");
        if (status != 200) {
            assertThat(Html.texts(ann.get("/rooms/" + room).body())).isEmpty();
        }
    }

    /**
     * A body without a length (chunked) that runs past 64 KB: refused with 413 as soon as it does. Written on a
     * raw socket, as {@link #startedUpload} says why: an HTTP client still sending megabytes when the answer
     * comes meets a closed connection and never reads the answer.
     */
    static Named chunkedTooLarge(String name) {
        StringBuilder chunks = new StringBuilder();
        for (int i = 0; i < 9; i++) { // 9 × 8 KB: past the 64 KB limit
            String chunk = (i == 0 ? "text=" : "") + "a".repeat(i == 0 ? 8192 - 5 : 8192);
            chunks.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        Named upload = startedUpload(name, "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n",
                chunks.toString(), 413, "larger than the 64 KB");
        return new Named(name, room -> {
            try (LogCapture log = LogCapture.expected("hostile-input-chunked-body")) {
                upload.check().run(room);
                assertThat(log.text()).contains("INFO parley.web.ClientMistakes - Refused a request body over the 64 KB limit (413)");
            }
        });
    }

    /** A huge declared body, of which the client has sent only the first 8 KB when it reads the answer. */
    static Named declaredTooLarge(String name, long contentLength) {
        return startedUpload(name, "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + contentLength
                + "\r\n", "text=" + "a".repeat(8000), 413, "larger than the 64 KB");
    }

    /**
     * An upload the server must refuse on its headers alone: the client has sent them and the start of the
     * body when it reads the answer, which comes at once, without the server reading (or storing) the rest.
     * Written on a raw socket, because a client that kept sending all of it would meet a connection the
     * server has already closed.
     */
    static Named startedUpload(String name, String headers, String firstPart, int status, String reason) {
        return new Named(name, room -> {
            Client ann = server.signedIn("ann");
            try (RawHttp upload = new RawHttp(server.port())) {
                upload.send("POST /rooms/" + room + "/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: "
                        + ann.cookieHeader() + "\r\n" + headers + "\r\n" + firstPart);
                RawHttp.Response response = upload.read();
                assertThat(response.status()).isEqualTo(status);
                assertThat(response.body()).contains(reason).doesNotContain("Exception");
            }
            assertThat(Html.texts(ann.get("/rooms/" + room).body())).isEmpty();
        });
    }

    /** Whatever Last-Event-ID says, the stream starts, with the full history (a reset). */
    static Named lastEventId(String name, String value) {
        return new Named(name, room -> {
            Client ann = server.signedIn("ann");
            ann.sayOk(room, "before");
            try (EventStream stream = ann.events(room, "Last-Event-ID", value)) {
                assertThat(Html.texts(stream.next("reset").data())).containsExactly("before");
            }
        });
    }

    /** A cookie that is not one Parley signed is no session at all: no page, no stream, no post. */
    static Named forgedCookie(String name, String cookie) {
        return new Named(name, room -> {
            Client stranger = server.client();
            assertThat(stranger.get("/rooms/" + room, "Cookie", cookie).statusCode()).isEqualTo(303);
            assertThat(stranger.getStream("/rooms/" + room + "/events", "Cookie", cookie).statusCode()).isEqualTo(401);
            HttpResponse<String> post = stranger.postForm("/rooms/" + room + "/messages", Map.of("text", "x"),
                    "Cookie", cookie, "HX-Request", "true");
            assertThat(post.statusCode()).isEqualTo(401);
            assertThat(post.body()).contains("Sign in, then try again");
        });
    }

    /** The cookie of a session that was signed out is refused everywhere, though it was real. */
    static Named endedSession(String name) {
        return new Named(name, room -> {
            Client person = server.signedIn("ended-" + room);
            person.sayOk(room, "before");
            String cookie = person.cookieHeader();
            assertThat(person.postForm("/logout", Map.of()).statusCode()).isEqualTo(303);
            Client stranger = server.client();
            assertThat(stranger.get("/rooms/" + room, "Cookie", cookie).statusCode()).isEqualTo(303);
            assertThat(stranger.getStream("/rooms/" + room + "/events", "Cookie", cookie).statusCode()).isEqualTo(401);
            HttpResponse<String> post = stranger.postForm("/rooms/" + room + "/messages", Map.of("text", "after"),
                    "Cookie", cookie, "HX-Request", "true");
            assertThat(post.statusCode()).isEqualTo(401);
            assertThat(Html.texts(person.on(server).get("/rooms/" + room).body())).doesNotContain("after");
        });
    }

    // ---- helpers ----

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertThat(from).as("%s in the page", start).isNotNegative();
        from += start.length();
        return text.substring(from, text.indexOf(end, from));
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(String prefix, byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii(prefix));
        out.writeBytes(raw);
        return out.toByteArray();
    }

}
