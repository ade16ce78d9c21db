package parley.store;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the database stores what it is given right now, and the log lines that tell the operator so: the
 * cause once when writes start failing, each cause again at most once a minute while they go on failing (with
 * how many posts were refused), and once when a write works again. A post that fails is one more of the same,
 * not a line of its own, so a full disk under a busy room does not also fill the log, and a disk that is only
 * nearly full (small writes pass, larger ones fail) does not fill it with endings and beginnings either.
 */
final class WriteHealth {
    private static final Logger log = LoggerFactory.getLogger(WriteHealth.class);
    /** How often one cause is told at most. */
    static final Duration REPEAT_EVERY = Duration.ofMinutes(1);
    /** While writes fail, how often {@code /health} may try one. */
    static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    private final LongSupplier nanoTime;
    /** Null while writes work: the one field a successful post reads. */
    private volatile WriteProblem problem;
    private long failingSince;
    private long refusedPosts;
    /** When each cause (by its words: a handful at most) was last told. */
    private final Map<String, Long> toldAt = new HashMap<>();
    /** Whether this episode of failures has been told: only then is its end told too. */
    private boolean episodeTold;
    private long nextCheck;

    WriteHealth() {
        this(System::nanoTime);
    }

    WriteHealth(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** A post was refused because of {@code cause}: nothing of it was stored. */
    void postRefused(WriteProblem cause) {
        failed(cause, true);
    }

    /** A write made only to learn whether writes work again failed. */
    void checkFailed(WriteProblem cause) {
        failed(cause, false);
    }

    /** A write was committed. */
    void worked() {
        if (problem == null) {
            return; // the usual case, without a lock
        }
        synchronized (this) {
            if (problem == null) {
                return;
            }
            if (episodeTold) {
                log.info("Posts are stored again; {} refused in the {} s before ({})",
                        refusedPosts == 1 ? "1 was" : refusedPosts + " were", seconds(nanoTime.getAsLong() - failingSince),
                        problem.inWords());
            }
            problem = null;
        }
    }

    /** Why writes fail, or empty while they work. */
    Optional<WriteProblem> problem() {
        return Optional.ofNullable(problem);
    }

    /** True at most once per {@link #CHECK_EVERY} while writes fail: the caller may then try one. */
    synchronized boolean checkDue() {
        long now = nanoTime.getAsLong();
        if (problem == null || now - nextCheck < 0) {
            return false;
        }
        nextCheck = now + CHECK_EVERY.toNanos();
        return true;
    }

    private synchronized void failed(WriteProblem cause, boolean post) {
        long now = nanoTime.getAsLong();
        if (problem == null) {
            failingSince = now;
            refusedPosts = 0;
            episodeTold = false;
            nextCheck = now;
        }
        problem = cause;
        if (post) {
            refusedPosts++;
        }
        Long told = toldAt.get(cause.inWords());
        if (told != null && now - told < REPEAT_EVERY.toNanos()) {
            return;
        }
        if (told != null && episodeTold && told - failingSince >= 0) {
            log.warn("Posts still cannot be stored: {} ({} refused in {} s)", cause.forOperator(), refusedPosts,
                    seconds(now - failingSince));
        } else {
            log.warn("Posts cannot be stored: {}. Each post is answered 503 and nothing of it is stored, and /health "
                    + "answers 503, until a write works again.", cause.forOperator());
        }
        toldAt.put(cause.inWords(), now);
        episodeTold = true;
    }

    private static long seconds(long nanos) {
        return Duration.ofNanos(nanos).toSeconds();
    }
}
