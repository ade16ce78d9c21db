package parley.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.TestServer;

/** Pages left open across a server restart reconnect by themselves and miss nothing, twice nothing. */
class ReconnectInTheBrowserTest extends BrowserTest {
    static final LocatorAssertions.HasCountOptions RECONNECT = new LocatorAssertions.HasCountOptions().setTimeout(15_000);

    @BeforeEach
    void startServer() {
        // About reconnecting, not limits (LimitsTest): the writer posts eleven messages in a row, more than a
        // person's default burst of ten, and the limits would then depend on how fast the test runs.
        server = TestServer.start("--heartbeat", "2s", "--retry", "1s", "--limits", "off");
    }

    @Override
    boolean expectedOutageError(String text) {
        // Chromium logs a reconnect attempt that hits the closed port while the server is down; one that comes
        // while the server is still stopping is refused with 503 ("Stopping"), which the browser logs and the SSE
        // extension reports ("[object Event]") before it opens the stream afresh.
        return text.contains("net::ERR_CONNECTION_REFUSED")
                || text.startsWith("Failed to load resource: the server responded with a status of 503")
                || text.equals("[object Event]");
    }

    @Test
    void pagesReconnectAfterARestartAndKeepChatting() {
        Page alice = person("alice", "restart");
        Page bob = person("bob", "restart");
        send(alice, "before the restart");
        assertThat(bob.locator("#messages .message")).hasCount(1);

        server.restart(); // nothing is posted while it is down

        send(bob, "after, from a page");
        server.signedIn("carol").sayOk("restart", "after, from plain HTTP");
        for (Page page : List.of(alice, bob)) {
            assertThat(page.locator("#messages .message")).hasCount(3, RECONNECT);
            assertThat(texts(page)).containsExactly("before the restart", "after, from a page", "after, from plain HTTP");
            assertThat(ids(page)).isEqualTo(serverIds("restart"));
        }
    }

    @Test
    void aPageCutOffDuringTrafficGetsEveryMissedMessageOnceInOrder() {
        Page reader = person("reader", "outage");
        Client writer = server.signedIn("writer");
        writer.sayOk("outage", "before");
        assertThat(reader.locator("#messages .message")).hasCount(1);

        server.restart(); // the page's stream is cut; it waits its retry delay before trying again
        Client writerAgain = writer.on(server);
        IntStream.rangeClosed(1, 10).forEach(i -> writerAgain.sayOk("outage", "during " + i));

        assertThat(reader.locator("#messages .message")).hasCount(11, RECONNECT);
        assertThat(texts(reader)).isEqualTo(java.util.stream.Stream.concat(java.util.stream.Stream.of("before"),
                IntStream.rangeClosed(1, 10).mapToObj(i -> "during " + i)).toList());
        assertThat(ids(reader)).isEqualTo(serverIds("outage"));
        writerAgain.sayOk("outage", "live again");
        assertThat(reader.locator("#messages .message")).hasCount(12);
        assertThat(ids(reader)).isEqualTo(serverIds("outage"));
    }
}
