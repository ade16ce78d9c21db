package parley;

import static org.assertj.core.api.Assertions.assertThat;
import static parley.support.MessageChanges.posted;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.EventStream;
import parley.support.Html;
import parley.support.TestServer;

/**
 * "alice is typing…": every other page of the room is told ({@code event: typing}), never the typist's own;
 * it goes when the message arrives or a few seconds after the last word of it; nothing is stored; a page
 * that says it too often is refused and nobody hears of it. A person may say it once an hour here (3600s), so that
 * no test depends on how fast it runs against the limit.
 */
class TypingTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("--limits", "off", "--typing-every", "3600s");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static EventStream watching(Client client, String room) {
        EventStream stream = client.events(room);
        stream.next("reset");
        return stream;
    }

    /** The next typing event's words. */
    static String nextTyping(EventStream stream) {
        return Html.text(stream.next("typing", Duration.ofSeconds(10)).data());
    }

    static HttpResponse<String> typing(Client client, String room) {
        return client.postForm("/rooms/" + room + "/typing", Map.of());
    }

    @Test
    void othersSeeWhoIsTypingInWordsAndNotThemselvesUntilTheMessageArrives() {
        Client alice = server.signedIn("alice");
        Client bob = server.signedIn("bob");
        Client carol = server.signedIn("carol");
        posted(alice, "typing-room", "hello");
        try (EventStream alices = watching(alice, "typing-room");
                EventStream bobs = watching(bob, "typing-room");
                EventStream carols = watching(carol, "typing-room")) {
            assertThat(typing(carol, "typing-room").statusCode()).isEqualTo(204);
            assertThat(nextTyping(alices)).isEqualTo("carol is typing…");
            assertThat(nextTyping(bobs)).isEqualTo("carol is typing…");
            assertThat(nextTyping(carols)).as("not her own").isEmpty();

            assertThat(typing(bob, "typing-room").statusCode()).isEqualTo(204);
            assertThat(nextTyping(alices)).isEqualTo("bob and carol are typing…");
            assertThat(nextTyping(bobs)).isEqualTo("carol is typing…");
            assertThat(nextTyping(carols)).isEqualTo("bob is typing…");

            posted(carol, "typing-room", "done typing");
            assertThat(nextTyping(alices)).as("her message came").isEqualTo("bob is typing…");

            HttpResponse<String> again = typing(carol, "typing-room");
            assertThat(again.statusCode()).as("once per period at most").isEqualTo(429);
            assertThat(again.headers().firstValue("Retry-After")).isPresent();
            assertThat(again.body()).contains("once every few seconds");

            // Bob never sends his message: he is gone from the line a few seconds after his last word.
            assertThat(nextTyping(alices)).as("nobody is typing now").isEmpty();
            assertThat(alices.drain()).as("carol's refused word reached nobody").noneMatch(e -> "typing".equals(e.type()));
        }
    }

    @Test
    void severalTypistsReadNaturally() {
        Client reader = server.signedIn("reader");
        posted(reader, "typing-crowd", "hi");
        try (EventStream stream = watching(reader, "typing-crowd")) {
            String[] names = {"dan", "eve", "fay", "gus"};
            String[] said = {"dan is typing…", "dan and eve are typing…", "dan, eve and fay are typing…",
                    "Several people are typing…"};
            for (int i = 0; i < names.length; i++) {
                assertThat(typing(server.signedIn(names[i]), "typing-crowd").statusCode()).isEqualTo(204);
                assertThat(nextTyping(stream)).isEqualTo(said[i]);
            }
        }
    }

    @Test
    void typingInARoomOneMayNotReadIsNoSuchRoom() {
        Client owner = server.signedIn("owner");
        Client stranger = server.signedIn("stranger");
        owner.postForm("/rooms", Map.of("name", "typing-secret", "kind", "private"));
        HttpResponse<String> probe = typing(stranger, "typing-secret");
        assertThat(probe.statusCode()).isEqualTo(404);
        assertThat(probe.body()).contains("No such room");
    }
}
