package parley.chat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.live.LiveFeed;
import parley.store.SessionStore;
import parley.store.StoreUnavailable;

/**
 * Every {@link #EVERY}, asks the database whether the sessions of this node's open streams still exist, and
 * ends the streams of those that do not. Ended sessions normally close their streams within a second
 * through the bus; this is for the word that never came (a node whose listening connection was down when
 * another node ended a session): such a stream then ends within {@link #EVERY}, not never. One query per
 * period, whatever the number of streams.
 */
public final class StreamAudit {
    private static final Logger log = LoggerFactory.getLogger(StreamAudit.class);
    public static final Duration EVERY = Duration.ofSeconds(30);

    private StreamAudit() {}

    public static void start(LiveFeed feed, SessionStore sessions, ScheduledExecutorService timer) {
        timer.scheduleWithFixedDelay(() -> audit(feed, sessions), EVERY.toSeconds(), EVERY.toSeconds(),
                TimeUnit.SECONDS);
    }

    /** Ends the streams whose sessions are gone; returns how many sessions that was. */
    static int audit(LiveFeed feed, SessionStore sessions) {
        Set<Long> open = feed.openSessions();
        open.remove(0L); // streams opened without a session (none today) are not the audit's
        if (open.isEmpty()) {
            return 0;
        }
        try {
            Set<Long> gone = new HashSet<>(open);
            gone.removeAll(sessions.existing(open));
            if (!gone.isEmpty()) {
                log.info("Ended the streams of {} sessions that had ended without this node hearing of it", gone.size());
                feed.sessionsEnded(gone);
            }
            return gone.size();
        } catch (StoreUnavailable e) {
            return 0; // the database is away: nothing can be told, and the next round asks again
        }
    }
}
