package parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import parley.support.Client;
import parley.support.Html;
import parley.support.TestServer;

/** A page on another site cannot post, sign in or sign out in a visitor's name; Parley's own pages and curl can. */
class CrossSiteTest {
    static TestServer server;
    static String self;

    @BeforeAll
    static void start() {
        server = TestServer.start("--limits", "off");
        URI home = URI.create(server.url("/"));
        self = home.getScheme() + "://" + home.getAuthority();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> crossSite() {
        return Stream.of(
                Arguments.of("a modern browser, from another site", List.of("Sec-Fetch-Site", "cross-site")),
                Arguments.of("a modern browser, from a sibling subdomain", List.of("Sec-Fetch-Site", "same-site")),
                Arguments.of("a modern browser, even when Origin looks right", List.of("Sec-Fetch-Site", "cross-site", "Origin", "SELF")),
                Arguments.of("an older browser, from another site", List.of("Origin", "https://evil.example")),
                Arguments.of("an older browser, from another port", List.of("Origin", "http://127.0.0.1:1")),
                Arguments.of("a sandboxed frame", List.of("Origin", "null")));
    }

    static Stream<Arguments> sameSite() {
        return Stream.of(
                Arguments.of("a modern browser, from Parley's page", List.of("Sec-Fetch-Site", "same-origin")),
                Arguments.of("a modern browser, typed or bookmarked", List.of("Sec-Fetch-Site", "none")),
                Arguments.of("an older browser, from Parley's page", List.of("Origin", "SELF")),
                Arguments.of("curl or a script (neither header)", List.of()));
    }

    private static String[] headers(List<String> pairs) {
        return pairs.stream().map(v -> v.equals("SELF") ? self : v).toArray(String[]::new);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("crossSite")
    void aPostFromAnotherSiteIsRefusedAndNothingIsStored(String who, List<String> pairs) {
        Client ann = server.signedIn("ann");
        String room = "cs-" + Math.abs(who.hashCode());
        HttpResponse<String> response = ann.postForm("/rooms/" + room + "/messages", Map.of("text", "forged"),
                headers(pairs));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("Parley only accepts forms sent from its own pages");
        assertThat(Html.texts(ann.get("/rooms/" + room).body())).isEmpty();

        HttpResponse<String> htmx = ann.postForm("/rooms/" + room + "/messages", Map.of("text", "forged"),
                Stream.concat(Stream.of("HX-Request", "true"), Stream.of(headers(pairs))).toArray(String[]::new));
        assertThat(htmx.statusCode()).isEqualTo(403);
        assertThat(htmx.body()).as("the form comes back with the reason").contains("id=\"compose\"", "another site");
        assertThat(Html.texts(ann.get("/rooms/" + room).body())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sameSite")
    void aPostFromParleysOwnPageOrFromCurlIsAccepted(String who, List<String> pairs) {
        Client ann = server.signedIn("ann");
        String room = "ss-" + Math.abs(who.hashCode());
        HttpResponse<String> response = ann.postForm("/rooms/" + room + "/messages", Map.of("text", "hello"),
                headers(pairs));
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(Html.texts(ann.get("/rooms/" + room).body())).containsExactly("hello");
    }

    @Test
    void anotherSiteCannotSignSomeoneInOrOut() {
        Client visitor = server.client();
        HttpResponse<String> signIn = visitor.postForm("/session", Map.of("name", "planted"), "Sec-Fetch-Site", "cross-site");
        assertThat(signIn.statusCode()).isEqualTo(403);
        assertThat(signIn.headers().firstValue("Set-Cookie")).isEmpty();

        Client ann = server.signedIn("ann");
        HttpResponse<String> signOut = ann.postForm("/logout", Map.of(), "Origin", "https://evil.example");
        assertThat(signOut.statusCode()).isEqualTo(403);
        assertThat(signOut.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(ann.get("/rooms/still-in").statusCode()).as("still signed in").isEqualTo(200);
    }

    @Test
    void readingIsNotGuarded() {
        // A link from another site to a room opens it: GET changes nothing.
        Client ann = server.signedIn("ann");
        assertThat(ann.get("/rooms/linked", "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(200);
    }
}
