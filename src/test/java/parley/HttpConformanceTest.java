package parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import parley.support.Client;
import parley.support.Html;
import parley.support.TestServer;

/** What RFC 9110, caches and HTML checkers expect of Parley's responses: Vary, HEAD, Allow, assets cached for good, a description. */
class HttpConformanceTest {
    static TestServer server;
    static Client ann;

    @BeforeAll
    static void start() {
        server = TestServer.start("--limits", "off"); // twenty posts at once
        ann = server.signedIn("ann");
        // A room whose page is well past the size Javalin starts compressing at.
        for (int i = 0; i < 20; i++) {
            ann.sayOk("long", "message " + i + " " + "words ".repeat(20));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ---- a. Vary: Accept-Encoding ----

    static Stream<String> compressible() {
        return Stream.of("/rooms/long", "/webjars/htmx.org/2.0.10/dist/htmx.min.js");
    }

    @ParameterizedTest
    @MethodSource("compressible")
    void aCompressedResponseSaysItVariesByAcceptEncoding(String path) {
        HttpResponse<byte[]> gzipped = bytes(ann.request(path, "Accept-Encoding", "gzip").GET().build());
        assertThat(gzipped.statusCode()).isEqualTo(200);
        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(vary(gzipped.headers())).contains("accept-encoding");

        HttpResponse<byte[]> plain = bytes(ann.request(path).GET().build());
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(vary(plain.headers())).as("the same URL uncompressed").contains("accept-encoding");
    }

    // ---- b. HEAD answers as GET does, without the content ----

    static Stream<Arguments> pages() {
        return Stream.of(
                Arguments.of("home, signed out", server.client(), "/"),
                Arguments.of("home, signed in", ann, "/"),
                Arguments.of("room, signed in", ann, "/rooms/long"),
                Arguments.of("room, signed out", server.client(), "/rooms/long"),
                Arguments.of("a room that cannot exist", ann, "/rooms/NO%20SUCH"),
                Arguments.of("nowhere", ann, "/nowhere"),
                Arguments.of("health", ann, "/health"),
                Arguments.of("stylesheet", ann, "/static/parley.css"),
                Arguments.of("htmx", ann, "/webjars/htmx.org/2.0.10/dist/htmx.min.js"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void headAnswersWithTheStatusAndHeadersOfGetAndNoContent(String what, Client client, String path) {
        HttpResponse<String> get = client.send(client.request(path, "Accept", "text/html").GET().build());
        HttpResponse<String> head = client.send(head(client, path, "Accept", "text/html"));
        assertThat(head.statusCode()).isEqualTo(get.statusCode());
        assertThat(head.body()).isEmpty();
        assertThat(comparable(head.headers())).isEqualTo(comparable(get.headers()));
        // A length, if HEAD gives one, is the length GET's content has (RFC 9110 8.6).
        head.headers().firstValueAsLong("Content-Length").ifPresent(length ->
                assertThat(length).isEqualTo(get.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
    }

    @Test
    void headOnAnEventStreamAnswersAsGetWouldAndOpensNoStream() {
        Client bo = server.signedIn("bo");
        HttpResponse<String> head = bo.send(head(bo, "/rooms/quiet/events"));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Type")).hasValue("text/event-stream;charset=utf-8");
        assertThat(head.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(head.headers().firstValue("Content-Length")).as("a stream has no length").isEmpty();
        assertThat(head.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(head.body()).isEmpty();
        // Nobody joined the room: a stream opened would have made bo present.
        assertThat(Html.listItems(presence(ann.get("/rooms/quiet").body()))).doesNotContain("bo");

        // The refusals GET would give, too.
        assertThat(server.client().send(head(server.client(), "/rooms/quiet/events")).statusCode()).isEqualTo(401);
        assertThat(bo.send(head(bo, "/rooms/NO%20SUCH/events")).statusCode()).isEqualTo(404);
    }

    // ---- c. 405 says what is allowed ----

    static Stream<Arguments> wrongMethods() {
        return Stream.of(
                Arguments.of("DELETE", "/", Set.of("GET", "HEAD")),
                Arguments.of("POST", "/", Set.of("GET", "HEAD")),
                Arguments.of("PUT", "/rooms/x/messages", Set.of("GET", "HEAD", "POST")),
                Arguments.of("DELETE", "/rooms/x/messages", Set.of("GET", "HEAD", "POST")),
                Arguments.of("DELETE", "/rooms/x", Set.of("GET", "HEAD")),
                Arguments.of("GET", "/session", Set.of("POST")),
                Arguments.of("POST", "/health", Set.of("GET", "HEAD")),
                Arguments.of("POST", "/rooms/x/events", Set.of("GET", "HEAD")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("wrongMethods")
    void methodNotAllowedListsTheMethodsThatAre(String method, String path, Set<String> allowed) {
        HttpResponse<String> response = ann.send(ann.request(path, "Accept", "text/html")
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValueSatisfying(allow ->
                assertThat(Set.of(allow.split(",\\s*"))).isEqualTo(allowed));
        assertThat(response.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    // ---- d. assets: versioned URLs, cached for good ----

    @ParameterizedTest
    @ValueSource(strings = {"/", "/rooms/long", "/nowhere"})
    void everyAssetAPageUsesIsServedUnderAVersionedUrlAndCachedForAYear(String page) {
        List<String> assets = assetUrls(ann.get(page, "Accept", "text/html").body());
        assertThat(assets).hasSizeGreaterThanOrEqualTo(5); // icon, stylesheet, htmx, its SSE extension, parley.js
        for (String asset : assets) {
            HttpResponse<String> response = ann.get(asset);
            assertThat(response.statusCode()).as(asset).isEqualTo(200);
            String cache = response.headers().firstValue("Cache-Control").orElse("");
            if (asset.startsWith("/webjars/")) { // versioned by the WebJar itself; Javalin's own setting
                assertThat(cache).as(asset).matches("max-age=\\d+");
                assertThat(Long.parseLong(cache.substring("max-age=".length()))).as(asset).isGreaterThanOrEqualTo(31_536_000);
            } else {
                assertThat(asset).matches("/static/[0-9a-f]{16}/.+");
                assertThat(cache).as(asset).isEqualTo("public, max-age=31536000, immutable");
            }
        }
    }

    @Test
    void theUnversionedAddressesStillServeButAreNotCachedForLong() {
        HttpResponse<String> css = ann.get("/static/parley.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Cache-Control")).hasValue("max-age=0");
    }

    @Test
    void inDevModeAssetsAreReadFreshFromDiskAndNeverCachedStale() {
        try (TestServer dev = TestServer.start("--dev")) {
            Client cy = dev.signedIn("cy");
            List<String> assets = assetUrls(cy.get("/").body());
            assertThat(assets).isNotEmpty();
            for (String asset : assets.stream().filter(url -> url.startsWith("/static/")).toList()) {
                HttpResponse<String> response = cy.get(asset);
                assertThat(response.statusCode()).as(asset).isEqualTo(200);
                assertThat(response.headers().firstValue("Cache-Control")).as(asset).hasValue("no-cache");
            }
        }
    }

    // ---- e. the page describes itself ----

    @ParameterizedTest
    @ValueSource(strings = {"/", "/rooms/long", "/nowhere"})
    void everyPageHasADescription(String page) {
        assertThat(ann.get(page, "Accept", "text/html").body())
                .containsPattern("<meta name=\"description\" content=\"[^\"]{20,}\">");
    }

    /**
     * htmx's attributes with their {@code data-} prefix, which htmx reads as well: the bare {@code hx-*}
     * and {@code sse-*} ones are errors to the Nu HTML checker.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/", "/rooms/long", "/nowhere"})
    void everyPageUsesOnlyValidAttributes(String page) {
        assertThat(ann.get(page, "Accept", "text/html").body()).doesNotContainPattern("\\s(hx|sse)-[a-z-]+=");
    }

    // ---- helpers ----

    static HttpRequest head(Client client, String path, String... headers) {
        return client.request(path, headers).method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
    }

    static HttpResponse<byte[]> bytes(HttpRequest request) {
        try {
            return ann.http().send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Set<String> vary(HttpHeaders headers) {
        return headers.allValues("Vary").stream()
                .flatMap(value -> Stream.of(value.split(",")))
                .map(value -> value.strip().toLowerCase(java.util.Locale.ROOT))
                .collect(java.util.stream.Collectors.toSet());
    }

    /** The headers that must match between GET and HEAD: all but the date and the length (checked apart). */
    static Map<String, List<String>> comparable(HttpHeaders headers) {
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.map().forEach((name, values) -> {
            if (!Set.of("date", "content-length").contains(name.toLowerCase(java.util.Locale.ROOT))) {
                map.put(name, values);
            }
        });
        return map;
    }

    static String presence(String page) {
        int start = page.indexOf("id=\"presence\"");
        return page.substring(start, page.indexOf("</ul>", start));
    }

    /** The addresses of the page's icon, stylesheets and scripts. */
    static List<String> assetUrls(String page) {
        return java.util.regex.Pattern.compile("<(?:link|script)[^>]*(?:href|src)=\"(/[^\"]+)\"").matcher(page)
                .results().map(match -> match.group(1)).toList();
    }
}
