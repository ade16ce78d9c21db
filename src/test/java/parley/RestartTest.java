package parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.EventStream;
import parley.support.Html;
import parley.support.TestServer;

/** Messages outlive the server: a new one on the same file shows them and carries on with higher ids. */
class RestartTest {

    @Test
    void historySurvivesARestartAndIdsKeepIncreasing() {
        Path data;
        List<Long> before;
        try (TestServer first = TestServer.start()) {
            Client ann = first.signedIn("ann");
            ann.sayOk("durable", "before restart 1");
            ann.sayOk("durable", "before restart 2");
            before = Html.messageIds(ann.get("/rooms/durable").body());
            data = first.data();
        }
        try (TestServer second = TestServer.startOn(data)) {
            Client ann = second.signedIn("ann");
            ann.sayOk("durable", "after restart");
            String page = ann.get("/rooms/durable").body();
            assertThat(Html.texts(page)).containsExactly("before restart 1", "before restart 2", "after restart");
            List<Long> ids = Html.messageIds(page);
            assertThat(ids.subList(0, 2)).isEqualTo(before);
            assertThat(ids.get(2)).isGreaterThan(before.get(1));
        }
    }

    @Test
    void aSessionStaysValidAcrossARestart() {
        Path data;
        Client ann;
        try (TestServer first = TestServer.start()) {
            ann = first.signedIn("ann");
            data = first.data();
        }
        try (TestServer second = TestServer.startOn(data)) {
            // The cookie was signed by the first server; the key is kept in the database.
            Client same = ann.on(second);
            assertThat(same.get("/rooms/kept").statusCode()).isEqualTo(200);
            assertThat(second.client().get("/rooms/kept").statusCode()).isEqualTo(303);
        }
    }

    @Test
    void stoppingTheServerEndsOpenStreamsSoBrowsersReconnect() {
        TestServer server = TestServer.start();
        try (EventStream stream = server.signedIn("ann").events("closing")) {
            stream.next("reset");
            server.close(); // returns only once the streams are closed and the database is shut
            assertThat(stream.awaitEnd(Duration.ofSeconds(5))).as("stream ended").isTrue();
        }
    }
}
