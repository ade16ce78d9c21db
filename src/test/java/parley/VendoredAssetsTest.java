package parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import parley.support.TestServer;
import parley.web.Assets;

/** The htmx SSE extension is shipped and served as released; a changed byte means it was edited or replaced. */
class VendoredAssetsTest {
    private static final String SSE_2_2_4_SHA256 = "3b5992a541619babefc4c169505af474df5c3039da51e59b96ccf9241ecd61d2";

    @Test
    void theSseExtensionIsTheUnmodifiedRelease() throws Exception {
        byte[] file = Files.readAllBytes(Path.of("static/vendor/htmx-ext-sse/sse.js"));
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
        assertThat(sha256).isEqualTo(SSE_2_2_4_SHA256);
        assertThat(Path.of("static/vendor/htmx-ext-sse/LICENSE")).content().contains("BSD Zero Clause License");
    }

    @Test
    void theSseExtensionThePagesLoadIsThatRelease() throws Exception {
        try (TestServer server = TestServer.start()) {
            String page = server.client().get("/").body();
            String url = Assets.url("vendor/htmx-ext-sse/sse.js");
            assertThat(page).contains("<script src=\"" + url + "\"");
            HttpResponse<byte[]> served = server.client().http().send(
                    HttpRequest.newBuilder(URI.create(server.url(url))).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(served.body())))
                    .isEqualTo(SSE_2_2_4_SHA256);
        }
    }
}
