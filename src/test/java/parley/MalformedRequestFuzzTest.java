package parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.Html;
import parley.support.LogCapture;
import parley.support.RawExchange;
import parley.support.RequestFuzzer;
import parley.support.TestServer;

/**
 * Thousands of malformed requests, made by a seeded random mutator from the real ones a browser sends
 * ({@link RequestFuzzer}), each on a raw connection of its own with a real session cookie and an
 * Authorization header. For every one: no 5xx, and an answer or a close within a few seconds, never a hang.
 * Afterwards the node still serves, and its log holds no stack trace and none of the secrets the requests
 * carried: not the cookie, not the session id inside it, not the Authorization value.
 *
 * <p>Each run takes a fresh seed, printed with any failure; {@code -Dfuzz.seed=…} repeats a run and
 * {@code -Dfuzz.cases=…} changes its size.
 */
class MalformedRequestFuzzTest {
    private static final int CASES = Integer.getInteger("fuzz.cases", 5000);
    private static final Duration DEADLINE = Duration.ofSeconds(5);

    @Test
    void noMalformedRequestGetsAServerErrorOrAHangOrPutsAStackTraceOrASecretInTheLog() throws Exception {
        long seed = Long.getLong("fuzz.seed", new SecureRandom().nextLong());
        String again = "repeat with -Dfuzz.seed=" + seed;
        String authorization = "Bearer secret-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        String log;
        String cookie;
        try (LogCapture capture = LogCapture.expected("malformed-request-fuzz");
             TestServer server = TestServer.start("--limits", "off")) {
            Client ann = server.signedIn("ann");
            cookie = ann.cookieHeader();
            RequestFuzzer fuzzer = new RequestFuzzer("127.0.0.1:" + server.port(), cookie, authorization);

            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            ExecutorService clients = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> cases = new ArrayList<>();
                for (int i = 0; i < CASES; i++) {
                    int index = i;
                    cases.add(clients.submit(() -> {
                        try {
                            RequestFuzzer.Case sent = fuzzer.generate(seed, index);
                            RawExchange.Result got = RawExchange.send(server.port(), sent.bytes(), DEADLINE);
                            if (got.hung() || got.statuses().stream().anyMatch(status -> status >= 500)) {
                                failures.add("case " + index + " (" + sent.description() + "): "
                                        + (got.hung() ? "no answer and no close within " + DEADLINE.toSeconds() + " s, "
                                        : "") + "statuses " + got.statuses() + "\n" + sent.printable());
                            }
                        } catch (RuntimeException e) { // the test's own failure, reported with the seed all the same
                            failures.add("case " + index + ": " + e);
                        }
                    }));
                }
                for (Future<?> each : cases) {
                    each.get();
                }
            } finally {
                clients.shutdownNow();
            }
            assertThat(failures).as("%d of %d cases failed; %s", failures.size(), CASES, again)
                    .isEmpty();

            assertThat(ann.get("/health").statusCode()).isEqualTo(200);
            // Signed in again: a fuzzed POST /logout carrying ann's cookie may well have ended her session.
            Client annAgain = server.signedIn("ann");
            annAgain.sayOk("after-the-fuzz", "still here");
            assertThat(Html.texts(annAgain.get("/rooms/after-the-fuzz").body())).last().isEqualTo("still here");
            log = capture.text();
        }

        assertThat(log).as("a stack trace in the log; %s", again).doesNotContain("\tat ", "Exception");
        String cookieValue = cookie.substring(cookie.indexOf('=') + 1);
        assertThat(log).as("the session cookie in the log; %s", again).doesNotContain(cookieValue);
        assertThat(log).as("the Authorization value in the log; %s", again)
                .doesNotContain(authorization.substring("Bearer ".length()));
        // Client mistakes are logged: a line of each kind a minute, not a line per request.
        assertThat(log).contains("ClientMistakes - Refused a request Parley could not read: 400 Bad Request");
        assertThat(log.lines().filter(line -> line.contains("ClientMistakes - ")).count())
                .as(log).isLessThan(CASES / 20);
    }

}
