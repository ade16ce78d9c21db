package parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The htmx SSE extension is shipped as released; a changed byte means it was edited or replaced. */
class VendoredAssetsTest {
    private static final String SSE_2_2_4_SHA256 = "3b5992a541619babefc4c169505af474df5c3039da51e59b96ccf9241ecd61d2";

    @Test
    void theSseExtensionIsTheUnmodifiedRelease() throws Exception {
        byte[] file = Files.readAllBytes(Path.of("static/vendor/htmx-ext-sse/sse.js"));
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
        assertThat(sha256).isEqualTo(SSE_2_2_4_SHA256);
        assertThat(Path.of("static/vendor/htmx-ext-sse/LICENSE")).content().contains("BSD Zero Clause License");
    }
}
