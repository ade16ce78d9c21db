package parley;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.testtools.JavalinTest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /health through javalin-testtools, which starts and stops the app itself. */
class HealthTest {
    @TempDir
    Path dir;

    @Test
    void healthAnswersOkAndTheHomePageIsServed() {
        Parley parley = Main.create(Config.parse(
                new String[] {"--port", "0", "--host", "127.0.0.1", "--data", dir.resolve("p.db").toString()}, Map.of()));
        try {
            JavalinTest.test(parley.web().javalin(), (app, client) -> {
                assertThat(client.get("/health").code()).isEqualTo(200);
                assertThat(client.get("/health").body().string()).isEqualTo("ok\n");
                assertThat(client.get("/").body().string()).as("a fresh Parley offers the first, admin account").contains("Create the admin account");
                assertThat(client.get("/static/vendor/htmx-ext-sse/sse.js").code()).isEqualTo(200);
                assertThat(client.get("/webjars/htmx.org/2.0.10/dist/htmx.min.js").code()).isEqualTo(200);
            });
        } finally {
            parley.close();
        }
    }
}
