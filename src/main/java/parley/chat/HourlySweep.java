package parley.chat;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.store.StoreUnavailable;

/**
 * Once an hour, on the timer, forgets what has expired: idempotency keys older than a day and sessions
 * idle longer than {@link Sessions#IDLE_LIMIT}. Neither a post nor a sign-in pays for it. What has expired
 * but not been swept yet is already treated as gone (the stores check its age), so the sweep only keeps
 * the tables small. Every node sweeps; the deletes are the same, so that is harmless.
 */
public final class HourlySweep {
    private static final Logger log = LoggerFactory.getLogger(HourlySweep.class);
    private static final Duration EVERY = Duration.ofHours(1);
    /** Not at start-up, which has enough to do; soon enough that a node restarted often still sweeps. */
    private static final Duration FIRST = Duration.ofMinutes(1);

    private HourlySweep() {}

    public static void start(Posting posting, Sessions sessions, ScheduledExecutorService timer) {
        timer.scheduleWithFixedDelay(() -> sweep(posting, sessions), FIRST.toSeconds(), EVERY.toSeconds(),
                TimeUnit.SECONDS);
    }

    static void sweep(Posting posting, Sessions sessions) {
        try {
            int keys = posting.forgetExpiredKeys();
            int idle = sessions.forgetIdle();
            if (keys + idle > 0) {
                log.debug("Forgot {} idempotency keys older than a day and {} idle sessions", keys, idle);
            }
        } catch (StoreUnavailable e) {
            // Caught, or the timer would never run this again. The store's own failure is in the message.
            log.warn("Could not forget expired keys and sessions, will try again in an hour: {}", e.getMessage());
        }
    }
}
