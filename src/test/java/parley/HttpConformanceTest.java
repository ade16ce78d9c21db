package parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import parley.support.Client;
import parley.support.TestServer;

/** What RFC 9110 and caches expect of Parley's responses. */
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

    // ---- helpers ----

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
}
