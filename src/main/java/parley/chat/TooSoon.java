package parley.chat;

import java.time.Duration;

/** The person has started as many new rooms as they may for now; they may again after {@link #waitFor}. */
public final class TooSoon extends RuntimeException {
    private final Duration waitFor;

    public TooSoon(Duration waitFor) {
        super("Too many new rooms", null, false, false); // expected: no stack trace
        this.waitFor = waitFor;
    }

    public Duration waitFor() {
        return waitFor;
    }
}
