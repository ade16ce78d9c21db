package parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import parley.support.Client;
import parley.support.EventStream;
import parley.support.Html;
import parley.support.SqliteFile;
import parley.support.TestServer;

/** Every page URL of the contract, signed in and out, with good and bad input. */
class PagesTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("--limits", "off"); // one server and one address for every test; LimitsTest covers the limits
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void homeSignedOutOffersSignInAndSignUpButNoRooms() {
        server.signedIn("carol").sayOk("lobby", "hello");
        HttpResponse<String> home = server.client().get("/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
        assertThat(home.body()).contains("action=\"/session\"", "name=\"name\"", "name=\"password\"",
                "action=\"/signup\"" /* this server has --open-signup */).doesNotContain("href=\"/rooms/lobby\"");
        assertThat(home.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe"));
        assertThat(home.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void homeListsRoomsMostRecentlyActiveFirst() {
        Client dave = server.signedIn("dave");
        dave.sayOk("older", "first");
        dave.sayOk("newer", "second");
        String body = dave.get("/").body();
        assertThat(body.indexOf("/rooms/newer")).isLessThan(body.indexOf("/rooms/older"));
        assertThat(body).contains("Signed in as <strong>dave</strong>").doesNotContain("action=\"/session\"");
    }

    @Test
    void signingInSetsASignedHttpOnlyLaxCookieAndGoesToNext() {
        Client client = server.client();
        HttpResponse<String> response = client.postForm("/signup",
                Map.of("name", "  erin ", "password", Client.PASSWORD, "next", "/rooms/lobby"));
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).hasValue("/rooms/lobby");
        assertThat(response.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie ->
                assertThat(cookie).startsWith("parley_session=").contains("HttpOnly", "SameSite=Lax", "Path=/"));
        assertThat(client.get("/rooms/lobby").body()).contains("Signed in as <strong>erin</strong>");
    }

    @Test
    void nextNeverLeadsToAnotherSite() {
        int n = 0;
        for (String next : new String[] {"//evil.example/", "https://evil.example/", "/\\evil.example"}) {
            HttpResponse<String> response = server.client().postForm("/signup",
                    Map.of("name", "x" + n++, "password", Client.PASSWORD, "next", next));
            assertThat(response.headers().firstValue("Location")).as(next).hasValue("/");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "a-name-that-is-far-too-long-for-us", "tab\there", "line\nbreak", "nul\0"})
    void aBadNameIsExplainedNextToTheSignUpFormAndSetsNoCookie(String name) {
        HttpResponse<String> response = server.client().postForm("/signup", Map.of("name", name, "password", Client.PASSWORD));
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(response.body()).contains("id=\"signup-error\"").containsPattern("A name|a name");
    }

    @Test
    void signingUpWithoutANameOrPasswordAsksForThemAndSetsNoCookie() {
        for (Map<String, String> form : List.of(Map.<String, String>of(), Map.of("next", "/rooms/lobby"),
                Map.of("name", "", "password", Client.PASSWORD), Map.of("name", "noPassword"))) {
            Client client = server.client();
            HttpResponse<String> response = client.postForm("/signup", form);
            assertThat(response.statusCode()).as("form %s", form).isEqualTo(422);
            assertThat(response.body()).as("form %s", form).contains("id=\"signup-error\"")
                    .containsPattern("Choose a name: 1–24 characters|Choose a password: 10–256 characters");
            assertThat(response.headers().firstValue("Set-Cookie")).as("form %s", form).isEmpty();
            assertThat(client.cookieHeader()).as("form %s", form).isEmpty();
            assertThat(client.get("/rooms/lobby").statusCode()).as("still signed out").isEqualTo(303);
        }
    }

    @Test
    void aForgedOrTamperedCookieIsSignedOut() {
        Client client = server.client();
        HttpResponse<String> response = client.send(client.request("/rooms/lobby")
                .header("Cookie", "parley_session=YWxpY2V8MXxhZG1pbg.bm90LWEtc2lnbmF0dXJl").GET().build());
        assertThat(response.statusCode()).isEqualTo(303);
    }

    @Test
    void aSessionFromAnotherParleyIsSignedOut() {
        // A session is a row in one Parley's database; a browser sends a cookie to every port of a host, so
        // another Parley on this machine sees this one's, and finds no such session.
        try (TestServer other = TestServer.start("--limits", "off")) {
            Client mallory = other.signedIn("mallory");
            assertThat(mallory.get("/rooms/lobby").statusCode()).as("signed in over there").isEqualTo(200);
            HttpResponse<String> here = mallory.on(server).get("/rooms/lobby");
            assertThat(here.statusCode()).isEqualTo(303);
            assertThat(here.headers().firstValue("Location")).hasValue("/?next=%2Frooms%2Flobby");
        }
    }

    @Test
    void theRoomPageSignedOutRedirectsToSignInAndBack() {
        HttpResponse<String> response = server.client().get("/rooms/lobby");
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).hasValue("/?next=%2Frooms%2Flobby");
        String home = server.client().get("/?next=%2Frooms%2Flobby").body();
        assertThat(home).contains("name=\"next\" value=\"/rooms/lobby\"");
    }

    @Test
    void theRoomPageRendersHistoryPresenceAndComposeOnTheServer() {
        Client frank = server.signedIn("frank");
        frank.sayOk("render", "<b>bold?</b> & more");
        HttpResponse<String> page = frank.get("/rooms/render");
        assertThat(page.statusCode()).isEqualTo(200);
        String body = page.body();
        assertThat(body).contains("id=\"messages\"", "aria-live=\"polite\"", "id=\"presence\"", "<li>frank</li>",
                "id=\"compose\"", "name=\"text\"", "sse-connect=\"/rooms/render/events?after=" + Html.messageIds(body).getLast() + "&amp;page=", "class=\"author\">frank<",
                "<time datetime=\"");
        assertThat(body).contains("&lt;b&gt;bold?&lt;/b&gt; &amp; more").doesNotContain("<b>bold?</b>");
        assertThat(Html.texts(body)).containsExactly("<b>bold?</b> & more");
        // The stream resumes after the newest message the page shows, not from scratch.
        assertThat(body).contains("sse-connect=\"/rooms/render/events?after=" + Html.messageIds(body).getLast() + "&amp;page=");
        assertThat(frank.get("/rooms/empty-one").body()).as("an empty room's page starts from nothing")
                .contains("sse-connect=\"/rooms/empty-one/events?after=0&amp;page=");
    }

    @Test
    void openingARoomByNameForgivesCaseAndSpaces() {
        HttpResponse<String> response = server.signedIn("kim").get("/rooms?name=%20General%20Chat%20");
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).hasValue("/rooms/general-chat");
        HttpResponse<String> signedOut = server.client().get("/rooms?name=%20General%20Chat%20");
        assertThat(signedOut.headers().firstValue("Location")).as("signed out: sign in first, then back here")
                .hasValue("/?next=%2Frooms%3Fname%3D%2520General%2520Chat%2520");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-dash-first", "dots..", "a/b", "way-too-long-a-name-for-any-room-at-all", "ünïcode"})
    void aBadRoomNameInTheFormIsExplained(String name) {
        HttpResponse<String> response = server.signedIn("jo").get("/rooms?name=" + java.net.URLEncoder.encode(name,
                java.nio.charset.StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("id=\"room-error\"", "1–32 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/rooms/Upper", "/rooms/-x", "/rooms/a..b", "/rooms/%2Fetc", "/rooms/bad_name"})
    void aBadRoomNameInTheAddressIsNotFoundWithTheRule(String path) {
        HttpResponse<String> response = server.signedIn("gus").get(path);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("1–32 characters");
    }

    @Test
    void signingOutClearsTheCookie() {
        Client client = server.signedIn("hana");
        HttpResponse<String> response = client.postForm("/logout", Map.of());
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).contains("Max-Age=0"));
        assertThat(client.get("/rooms/lobby").statusCode()).isEqualTo(303);
    }

    @Test
    void healthIsOkWhileTheStoreAnswers() {
        HttpResponse<String> response = server.client().get("/health");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok\n");
    }

    @Test
    void whileTheStoreCannotBeReadARoomPageAndItsStreamAnswer503AndBothRecover() {
        // A server of its own, with one open stream a session, so a refused stream that kept its place would show.
        try (TestServer own = TestServer.start("--open-streams", "1")) {
            Client ivy = own.signedIn("ivy");
            ivy.sayOk("outage", "kept");
            long newest = Html.messageIds(ivy.get("/rooms/outage").body()).getFirst();

            SqliteFile.execute(own.data(), "ALTER TABLE messages RENAME TO messages_away");
            try {
                HttpResponse<String> page = ivy.get("/rooms/outage");
                assertThat(page.statusCode()).isEqualTo(503);
                assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
                assertThat(page.body()).contains("<html", "Parley cannot reach its database just now. Try again in a moment.")
                        .doesNotContain("Exception");

                for (String[] headers : List.of(new String[0], new String[] {"Last-Event-ID", String.valueOf(newest)})) {
                    Client.Answer stream = ivy.getStream("/rooms/outage/events", headers);
                    assertThat(stream.statusCode()).isEqualTo(503);
                    assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
                    assertThat(stream.body()).isEqualTo("Parley cannot reach its database just now. Try again in a moment.\n");
                }
            } finally {
                SqliteFile.execute(own.data(), "ALTER TABLE messages_away RENAME TO messages");
            }

            assertThat(Html.texts(ivy.get("/rooms/outage").body())).containsExactly("kept");
            try (EventStream stream = ivy.events("outage")) {
                assertThat(Html.texts(stream.next("reset").data())).containsExactly("kept");
            }
        }
    }

    @Test
    void unknownPagesAndWrongMethodsAreExplained() {
        HttpResponse<String> missing = server.client().get("/nowhere", "Accept", "text/html");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("There is no page at /nowhere");
        Client ivy = server.signedIn("ivy");
        HttpResponse<String> wrong = ivy.send(ivy.request("/rooms/lobby", "Accept", "text/html").DELETE().build());
        assertThat(wrong.statusCode()).isEqualTo(405);
        assertThat(wrong.body()).contains("DELETE is not allowed on /rooms/lobby");
        HttpResponse<String> getMessages = ivy.get("/rooms/lobby/messages");
        assertThat(getMessages.statusCode()).as("scrollback without before=").isEqualTo(400);
        HttpResponse<String> putMessages = ivy.send(ivy.request("/rooms/lobby/messages", "Accept", "text/html")
                .PUT(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertThat(putMessages.statusCode()).isEqualTo(405);
    }
}
