package parley.chat;

import java.time.Duration;

/**
 * Every permit for hashing a password was taken for longer than the caller may wait: many sign-ins at
 * once, or a flood of them. The person may try again after {@link #retryAfter}.
 */
public final class HashingBusy extends RuntimeException {
    private final Duration retryAfter;

    public HashingBusy(Duration retryAfter) {
        super("Too many sign-ins at once", null, false, false); // expected under load: no stack trace
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
