package parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import parley.support.LogCapture;

/** What the operator reads while writes fail: each cause once, repeats at most once a minute, the end once. */
class WriteHealthTest {
    private static final WriteProblem FULL = new WriteProblem("the disk holding the messages is full",
            "the disk holding /srv/parley is full (SQLITE_FULL)");
    private static final WriteProblem READ_ONLY = new WriteProblem("the message store is read-only",
            "/srv/parley/parley.db cannot be written (SQLITE_READONLY)");

    private long now = 1_000;
    private final WriteHealth health = new WriteHealth(() -> now);

    @Test
    void aCauseIsToldOnceNotPerPostThenAtMostOnceAMinuteAndTheEndOnce() {
        try (LogCapture log = LogCapture.expected("write-health")) {
            for (int i = 0; i < 100; i++) {
                health.postRefused(FULL);
                later(Duration.ofMillis(100));
            }
            assertThat(health.problem()).contains(FULL);
            assertThat(lines(log)).containsExactly(
                    "WARN parley.store.WriteHealth - Posts cannot be stored: the disk holding /srv/parley is full "
                            + "(SQLITE_FULL). Each post is answered 503 and nothing of it is stored, and /health answers "
                            + "503, until a write works again.");

            later(Duration.ofSeconds(51));
            health.postRefused(FULL);
            assertThat(lines(log)).hasSize(2).last().isEqualTo("WARN parley.store.WriteHealth - Posts still cannot be "
                    + "stored: the disk holding /srv/parley is full (SQLITE_FULL) (101 refused in 61 s)");

            health.worked();
            health.worked();
            assertThat(health.problem()).isEmpty();
            assertThat(lines(log)).hasSize(3).last().isEqualTo("INFO parley.store.WriteHealth - Posts are stored "
                    + "again; 101 were refused in the 61 s before (the disk holding the messages is full)");
        }
    }

    @Test
    void anotherCauseIsToldAtOnce() {
        try (LogCapture log = LogCapture.expected("write-health-causes")) {
            health.postRefused(FULL);
            health.postRefused(READ_ONLY);
            health.postRefused(FULL);
            health.postRefused(READ_ONLY);
            assertThat(lines(log)).hasSize(2);
            assertThat(lines(log).get(1)).contains("Posts cannot be stored: /srv/parley/parley.db cannot be written");
            assertThat(health.problem()).contains(READ_ONLY);
        }
    }

    @Test
    void aDiskThatIsOnlyNearlyFullDoesNotFillTheLogWithEndingsAndBeginnings() {
        try (LogCapture log = LogCapture.expected("write-health-flapping")) {
            for (int i = 0; i < 50; i++) {
                health.postRefused(FULL);
                later(Duration.ofMillis(200));
                health.worked(); // a smaller write passed
                later(Duration.ofMillis(200));
            }
            assertThat(lines(log)).hasSize(2); // the first failure, and its end
            later(Duration.ofMinutes(1));
            health.postRefused(FULL);
            assertThat(lines(log)).hasSize(3).last().asString().contains("Posts cannot be stored");
        }
    }

    @Test
    void whileWritesFailOneCheckASecondIsDue() {
        assertThat(health.checkDue()).as("writes work: nothing to check").isFalse();
        health.postRefused(FULL);
        assertThat(health.checkDue()).isTrue();
        assertThat(health.checkDue()).isFalse();
        later(Duration.ofMillis(999));
        assertThat(health.checkDue()).isFalse();
        later(Duration.ofMillis(1));
        assertThat(health.checkDue()).isTrue();
        health.worked();
        later(Duration.ofSeconds(5));
        assertThat(health.checkDue()).isFalse();
    }

    private void later(Duration by) {
        now += by.toNanos();
    }

    private static List<String> lines(LogCapture log) {
        return log.text().lines().map(line -> line.substring(line.indexOf("] ") + 2)).toList();
    }
}
