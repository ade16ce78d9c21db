package parley.support;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waiting for a condition with a deadline, for the tests that cannot be told when it holds. */
public final class Poll {
    private static final Duration INTERVAL = Duration.ofMillis(20);

    private Poll() {}

    /**
     * Calls {@code attempt} until {@code done} accepts what it returns or {@code timeout} has passed, and
     * returns the last result: the caller asserts on it, so a timeout fails with what was seen last.
     */
    public static <T> T until(Supplier<T> attempt, Predicate<T> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T result = attempt.get();
        while (!done.test(result) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(INTERVAL.toNanos());
            result = attempt.get();
        }
        return result;
    }
}
