package parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.EventStream;
import parley.support.Html;
import parley.support.Poll;
import parley.support.TestServer;

/**
 * Floods are answered with 429 and Retry-After, the person is told why, and --limits off lifts it all.
 *
 * <p>No test here may depend on how fast it runs: a bucket refills evenly over its period, so each rate under
 * test is sized (3/1h: one token back every 20 minutes) that no refill can happen while the test runs, and
 * the limits a test is not about are raised out of its way.
 */
class LimitsTest {

    @Test
    void postingFasterThanTheSessionsRateIsRefusedWithTheTextKeptAndNothingStored() {
        try (TestServer server = TestServer.start("--posts-per-person", "3/1h")) {
            Client ann = server.signedIn("ann");
            for (int i = 1; i <= 3; i++) {
                ann.sayOk("flood", "message " + i);
            }
            HttpResponse<String> refused = ann.say("flood", "one too many");
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(retryAfter(refused)).as("seconds until the next of 3 posts an hour").isBetween(1L, 1200L);
            assertThat(refused.body()).contains("id=\"compose\"", "faster than Parley allows", "one too many");

            HttpResponse<String> noJs = ann.postForm("/rooms/flood/messages", Map.of("text", "still too many"));
            assertThat(noJs.statusCode()).isEqualTo(429);
            assertThat(noJs.body()).as("the room page, with the reason by the form")
                    .contains("id=\"messages\"", "faster than Parley allows", "still too many");

            assertThat(Html.texts(ann.get("/rooms/flood").body())).containsExactly("message 1", "message 2", "message 3");
            // Another person is not held back by ann's flood.
            server.signedIn("bob").sayOk("flood", "bob is fine");
        }
    }

    @Test
    void postsAreCountedPerPersonSoAnOfficeBehindOneAddressIsNotThrottledAsOne() {
        try (TestServer server = TestServer.start("--posts-per-person", "4/1h")) {
            // Three people on one machine (one address), as in the report that asked for this.
            for (String name : List.of("ann", "bob", "cat")) {
                Client person = server.signedIn(name);
                for (int i = 1; i <= 4; i++) {
                    person.sayOk("office", name + " " + i);
                }
            }
            // One person on a second device shares their own allowance: signing in again buys nothing.
            Client annsPhone = server.signedIn("ann");
            assertThat(annsPhone.say("office", "ann from her phone").statusCode()).isEqualTo(429);
        }
    }

    @Test
    void failedSignInsAreLimitedPerNameAndOnlyFailuresCount() {
        try (TestServer server = TestServer.start("--sign-ins-per-name", "2/1h")) {
            server.signedIn("ann").get("/"); // the account exists
            for (int i = 0; i < 3; i++) { // successes don't count
                assertThat(signIn(server.client(), "ann", Client.PASSWORD).statusCode()).isEqualTo(303);
            }
            Client stranger = server.client();
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> wrong = signIn(stranger, "Ann", "not the password");
                assertThat(wrong.statusCode()).isEqualTo(401);
                assertThat(wrong.body()).contains("That name or password is wrong.");
            }
            HttpResponse<String> refused = signIn(stranger, "ann", Client.PASSWORD);
            assertThat(refused.statusCode()).as("a name's count ignores case").isEqualTo(429);
            assertThat(retryAfter(refused)).isBetween(1L, 1800L);
            assertThat(refused.body()).contains("too many failed sign-ins");
            server.signedIn("bob"); // another name from the same address is not held back
        }
    }

    @Test
    void failedSignInsAreLimitedPerAddressWhateverTheName() {
        try (TestServer server = TestServer.start("--sign-ins-per-address", "3/1h")) {
            Client guesser = server.client();
            for (int i = 0; i < 3; i++) {
                assertThat(signIn(guesser, "name" + i, "wrong password").statusCode()).isEqualTo(401);
            }
            assertThat(signIn(guesser, "another-name", "wrong password").statusCode()).isEqualTo(429);
        }
    }

    @Test
    void signUpsAreLimitedPerAddressAndATrustedProxysForwardedAddressesApartButNotForgeable() {
        String[] options = {"--sign-ups-per-address", "2/1h"};
        try (TestServer proxied = TestServer.start(concat(options, "--trust-forwarded"));
                TestServer direct = TestServer.start(options)) {
            Client viaProxy = proxied.client();
            List<Integer> statuses = new ArrayList<>();
            int n = 0;
            for (String address : List.of("203.0.113.1", "203.0.113.1", "203.0.113.2", "203.0.113.2", "203.0.113.1")) {
                statuses.add(signUp(viaProxy, "p" + n++, "X-Forwarded-For", address).statusCode());
            }
            assertThat(statuses).containsExactly(303, 303, 303, 303, 429);
            // Only X-Forwarded-For is believed: the standard Forwarded header names no address.
            assertThat(signUp(viaProxy, "p9", "X-Forwarded-For", "203.0.113.2", "Forwarded", "for=192.0.2.77")
                    .statusCode()).isEqualTo(429);

            Client client = direct.client();
            statuses.clear();
            for (int i = 0; i < 3; i++) {
                statuses.add(signUp(client, "d" + i, "X-Forwarded-For", "198.51.100." + i).statusCode());
            }
            assertThat(statuses).as("X-Forwarded-For from the client itself is ignored").containsExactly(303, 303, 429);
            HttpResponse<String> refused = signUp(client, "d9");
            assertThat(refused.body()).contains("Many accounts have been made from this network lately");
        }
    }

    private static HttpResponse<String> signIn(Client client, String name, String password) {
        return client.postForm("/session", Map.of("name", name, "password", password));
    }

    private static HttpResponse<String> signUp(Client client, String name, String... headers) {
        return client.postForm("/signup", Map.of("name", name, "password", Client.PASSWORD), headers);
    }

    @Test
    void creatingRoomsIsCappedButPostingInExistingOnesIsNot() {
        try (TestServer server = TestServer.start("--rooms-per-person", "2/1h")) {
            Client ann = server.signedIn("ann");
            ann.sayOk("first", "a");
            ann.sayOk("second", "b");
            HttpResponse<String> third = ann.say("third", "c");
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(retryAfter(third)).isGreaterThan(60);
            assertThat(third.body()).contains("started many new rooms");
            assertThat(Html.texts(ann.get("/rooms/third").body())).isEmpty();

            ann.sayOk("first", "still welcome here");
            server.signedIn("bob").sayOk("third", "bob may start it");
            ann.sayOk("third", "and now ann may post in it");
            // An empty or invalid message never counts as starting a room.
            assertThat(ann.say("fourth", "   ").statusCode()).isEqualTo(422);
        }
    }

    @Test
    void openingStreamsFasterThanTheRateIsRefusedWithRetryAfter() {
        try (TestServer server = TestServer.start("--streams-per-person", "2/1h")) {
            Client ann = server.signedIn("ann");
            for (int i = 0; i < 2; i++) {
                try (EventStream stream = ann.events("busy")) {
                    stream.next("reset");
                }
            }
            Client.Answer refused = ann.getStream("/rooms/busy/events");
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(retryAfter(refused)).as("seconds until the next of 2 streams an hour").isBetween(1L, 1800L);
            assertThat(refused.body()).contains("opening streams faster than Parley allows");
        }
    }

    @Test
    void aSessionHoldsAtMostTheCapOfOpenStreamsAndAClosedOneFreesItsPlace() {
        // Every attempt to open a stream, refused by the cap or not, counts against the rate of opening them, and
        // the wait for the closed tab's place below tries every 20 ms: the rates are raised out of its way.
        try (TestServer server = TestServer.start("--open-streams", "2", "--heartbeat", "400ms",
                "--streams-per-person", "100000/1h")) {
            Client ann = server.signedIn("ann");
            EventStream first = ann.events("tabs");
            try (EventStream second = ann.events("other-room")) {
                first.next("reset");
                second.next("reset");
                Client.Answer third = ann.getStream("/rooms/tabs/events");
                assertThat(third.statusCode()).isEqualTo(429);
                assertThat(third.body()).contains("You have 2 Parley streams open already");
                assertThat(retryAfter(third)).isGreaterThanOrEqualTo(1);
                try (EventStream bobs = server.signedIn("bob").events("tabs")) {
                    assertThat(bobs.next("reset")).as("others are not affected").isNotNull();
                }

                first.close(); // a tab closed: noticed within a heartbeat
                assertThat(Poll.until(() -> ann.getStream("/rooms/tabs/events").statusCode(), status -> status == 200,
                        Duration.ofSeconds(5))).as("the closed stream's place is freed").isEqualTo(200);
            }
        }
    }

    @Test
    void limitsOffLetsOneSessionPostAndStreamAsMuchAsALoadTestNeeds() {
        try (TestServer server = TestServer.start("--limits", "off", "--posts-per-person", "1/1h",
                "--streams-per-person", "1/1h", "--open-streams", "1", "--rooms-per-person", "1/1h")) {
            Client load = server.signedIn("load");
            List<EventStream> streams = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    EventStream stream = load.events("room-" + i);
                    stream.next("reset");
                    streams.add(stream);
                }
                for (int i = 0; i < 20; i++) {
                    load.sayOk("room-" + (i % 5), "message " + i);
                }
            } finally {
                streams.forEach(EventStream::close);
            }
        }
    }

    private static long retryAfter(HttpResponse<String> response) {
        return retryAfter(response.headers());
    }

    private static long retryAfter(Client.Answer answer) {
        return retryAfter(answer.headers());
    }

    private static long retryAfter(java.net.http.HttpHeaders headers) {
        return Long.parseLong(headers.firstValue("Retry-After").orElseThrow());
    }

    private static String[] concat(String[] options, String... more) {
        List<String> all = new ArrayList<>(List.of(options));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
