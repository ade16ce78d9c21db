package parley.chat;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.store.StoreUnavailable;

/**
 * Forgets idempotency keys older than a day, once an hour, on the timer: a post never pays for it. A key
 * that has expired but not been swept yet is already treated as new (the store checks its age), so the
 * sweep only keeps the table small. Every node sweeps; the deletes are the same, so that is harmless.
 */
public final class KeySweep {
    private static final Logger log = LoggerFactory.getLogger(KeySweep.class);
    private static final Duration EVERY = Duration.ofHours(1);
    /** Not at start-up, which has enough to do; soon enough that a node restarted often still sweeps. */
    private static final Duration FIRST = Duration.ofMinutes(1);

    private KeySweep() {}

    public static void start(Posting posting, ScheduledExecutorService timer) {
        timer.scheduleWithFixedDelay(() -> sweep(posting), FIRST.toSeconds(), EVERY.toSeconds(), TimeUnit.SECONDS);
    }

    static void sweep(Posting posting) {
        try {
            int forgotten = posting.forgetExpiredKeys();
            if (forgotten > 0) {
                log.debug("Forgot {} idempotency keys older than a day", forgotten);
            }
        } catch (StoreUnavailable e) {
            // Caught, or the timer would never run this again. The store's own failure is in the message.
            log.warn("Could not forget old idempotency keys, will try again in an hour: {}", e.getMessage());
        }
    }
}
