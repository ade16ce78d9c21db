package parley.chat;

import java.time.Duration;
import java.util.Optional;

/**
 * How many new rooms the person posting may still start: chat knows when a post starts a room, the web
 * layer counts per person and per address. A port, so the rule stays here and the buckets stay there.
 */
public interface Allowance {
    /** Counts nothing: every room may be started ({@code --limits off}). */
    Allowance UNLIMITED = new Allowance() {
        @Override
        public boolean counts() {
            return false;
        }

        @Override
        public Optional<Duration> take() {
            return Optional.empty();
        }
    };

    /** False when nothing is counted, so no one needs to ask whether a room is new. */
    boolean counts();

    /** Takes one from the allowance: empty when allowed, otherwise how long until it would be. */
    Optional<Duration> take();
}
