package parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import parley.support.Client;
import parley.support.TestServer;

/** The protective headers on every kind of response, and the Secure cookie only when told or over TLS. */
class HeadersTest {
    static TestServer server;
    static Client ann;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        ann = server.signedIn("ann");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> responses() {
        return Stream.of(
                Arguments.of("home page", (Fetch) () -> ann.get("/")),
                Arguments.of("room page", (Fetch) () -> ann.get("/rooms/headers")),
                Arguments.of("stylesheet", (Fetch) () -> ann.get("/static/parley.css")),
                Arguments.of("htmx itself", (Fetch) () -> ann.get("/webjars/htmx.org/2.0.10/dist/htmx.min.js")),
                Arguments.of("not found page", (Fetch) () -> ann.get("/nowhere", "Accept", "text/html")),
                Arguments.of("refused post", (Fetch) () -> ann.postForm("/rooms/headers/messages", Map.of("text", "x"),
                        "Sec-Fetch-Site", "cross-site")),
                Arguments.of("stream refused, signed out", (Fetch) () -> server.client().get("/rooms/headers/events")),
                Arguments.of("health", (Fetch) () -> ann.get("/health")),
                Arguments.of("HEAD of a page", (Fetch) () -> ann.send(head("/rooms/headers"))),
                Arguments.of("HEAD of a stream", (Fetch) () -> ann.send(head("/rooms/headers/events"))),
                Arguments.of("method not allowed", (Fetch) () -> ann.send(ann.request("/")
                        .method("DELETE", java.net.http.HttpRequest.BodyPublishers.noBody()).build())),
                Arguments.of("method not allowed on a stream", (Fetch) () -> ann.postForm("/rooms/headers/events", Map.of())));
    }

    static java.net.http.HttpRequest head(String path) {
        return ann.request(path).method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build();
    }

    interface Fetch {
        HttpResponse<String> get();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("responses")
    void everyResponseCarriesTheProtectiveHeaders(String what, Fetch fetch) {
        HttpResponse<String> response = fetch.get();
        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval", "*"));
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
    }

    @Test
    void theCookieIsNotSecureOnPlainHttpByDefault() {
        HttpResponse<String> signIn = server.client().postForm("/signup", Map.of("name", "bo", "password", Client.PASSWORD));
        assertThat(signIn.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).doesNotContain("Secure"));
    }

    @Test
    void theCookieIsSecureWhenParleyIsToldItIsBehindTls() {
        try (TestServer behindTls = TestServer.start("--secure-cookie")) {
            HttpResponse<String> signIn = behindTls.client().postForm("/signup", Map.of("name", "bo", "password", Client.PASSWORD));
            assertThat(signIn.headers().firstValue("Set-Cookie")).hasValueSatisfying(c ->
                    assertThat(c).contains("; Secure", "HttpOnly", "SameSite=Lax"));
            HttpResponse<String> signOut = behindTls.signedIn("cy").postForm("/logout", Map.of());
            assertThat(signOut.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).contains("; Secure"));
        }
    }

    @Test
    void aTrustedProxySayingHttpsMakesTheCookieSecureAndAnUntrustedOneIsIgnored() {
        try (TestServer proxied = TestServer.start("--trust-forwarded")) {
            HttpResponse<String> signIn = proxied.client().postForm("/signup", Map.of("name", "bo", "password", Client.PASSWORD),
                    "X-Forwarded-Proto", "https");
            assertThat(signIn.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).contains("; Secure"));
        }
        HttpResponse<String> spoofed = server.client().postForm("/signup", Map.of("name", "spoofer", "password", Client.PASSWORD),
                "X-Forwarded-Proto", "https");
        assertThat(spoofed.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).doesNotContain("Secure"));
    }
}
