package parley.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What clients get wrong (a request Parley cannot read, a body that stops half-way or never arrives), as
 * lines an operator can keep: one line each, never a stack trace, never a byte of the request (so never a
 * cookie or a token), and at most one line of a kind per minute. The first of a kind is logged at once;
 * the ones that follow within the minute are counted, and the count is logged when the minute is over
 * ({@link #flush}, which {@link WebServer} calls every minute).
 *
 * <p>A kind is a fixed text chosen by Parley ("400 Bad Request: No Host"), so the kinds are few and the
 * map of them stays small whatever clients send.
 */
final class ClientMistakes {
    static final Duration PERIOD = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(ClientMistakes.class);

    private final Clock clock;
    private final Map<String, Window> kinds = new LinkedHashMap<>();

    /** A kind's current minute: when it began, and how many more came after the first. */
    private static final class Window {
        final Instant start;
        long more;

        Window(Instant start) {
            this.start = start;
        }
    }

    ClientMistakes(Clock clock) {
        this.clock = clock;
    }

    /** Logs {@code kind} now if it is the first in its minute, else counts it. */
    void report(String kind) {
        Instant now = clock.instant();
        synchronized (kinds) {
            Window window = kinds.get(kind);
            if (window != null && now.isBefore(window.start.plus(PERIOD))) {
                window.more++;
                return;
            }
            if (window != null && window.more > 0) {
                log.info("{} more in the minute before: {}", window.more, kind);
            }
            kinds.put(kind, new Window(now));
        }
        log.info("{}", kind);
    }

    /** Logs the count of each kind whose minute is over, and forgets it. */
    void flush() {
        Instant now = clock.instant();
        synchronized (kinds) {
            kinds.entrySet().removeIf(entry -> {
                Window window = entry.getValue();
                if (now.isBefore(window.start.plus(PERIOD))) {
                    return false;
                }
                if (window.more > 0) {
                    log.info("{} more in the minute before: {}", window.more, entry.getKey());
                }
                return true;
            });
        }
    }
}
