package parley.web;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How many event streams each session holds open, capped: one person's tabs and rooms, but not a script
 * that opens thousands of streams on one cookie. A session with none open has no entry.
 */
final class OpenStreams {
    private final int cap;
    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

    /** @param cap streams one session may hold open at once; 0 means no cap */
    OpenStreams(int cap) {
        this.cap = cap;
    }

    /** Counts a new stream for the session, unless it already holds as many as the cap allows. */
    boolean tryOpen(String session) {
        if (cap == 0) {
            return true;
        }
        boolean[] allowed = {false};
        open.compute(session, (key, count) -> {
            int now = count == null ? 0 : count;
            allowed[0] = now < cap;
            return allowed[0] ? now + 1 : now;
        });
        return allowed[0];
    }

    void closed(String session) {
        if (cap != 0) {
            open.computeIfPresent(session, (key, count) -> count > 1 ? count - 1 : null);
        }
    }

    int cap() {
        return cap;
    }
}
