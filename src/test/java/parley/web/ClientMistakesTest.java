package parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import parley.support.LogCapture;
import parley.support.MovableClock;

/** A flood of the same client mistake is one line at once, then one line a minute with how many more came. */
class ClientMistakesTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ClientMistakes mistakes = new ClientMistakes(clock);

    @Test
    void theFirstOfAKindIsLoggedAtOnceAndTheRestAsACountOnceTheMinuteIsOver() {
        try (LogCapture log = LogCapture.expected("client-mistakes")) {
            for (int i = 0; i < 500; i++) {
                mistakes.report("bad host");
            }
            mistakes.report("cut-off body");
            clock.advance(Duration.ofSeconds(30));
            mistakes.flush(); // the minute is not over: nothing yet
            assertThat(lines(log)).containsExactly("bad host", "cut-off body");

            clock.advance(Duration.ofSeconds(31));
            mistakes.flush();
            assertThat(lines(log)).containsExactly("bad host", "cut-off body", "499 more in the minute before: bad host");

            mistakes.report("bad host"); // a new minute: logged at once again
            clock.advance(Duration.ofSeconds(10));
            mistakes.report("bad host");
            clock.advance(Duration.ofSeconds(60));
            mistakes.report("bad host"); // the next minute begins: the count of the last, then this one
            assertThat(lines(log)).containsExactly("bad host", "cut-off body", "499 more in the minute before: bad host",
                    "bad host", "1 more in the minute before: bad host", "bad host");
        }
    }

    private static List<String> lines(LogCapture log) {
        return log.text().lines()
                .filter(line -> line.contains("ClientMistakes - "))
                .map(line -> line.substring(line.indexOf("ClientMistakes - ") + "ClientMistakes - ".length()))
                .toList();
    }
}
