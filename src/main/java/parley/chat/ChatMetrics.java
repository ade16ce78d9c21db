package parley.chat;

/**
 * What the use cases count for the operator (GET /metrics): implemented with Micrometer where the node is
 * wired, or {@link #NONE}.
 */
public interface ChatMetrics {
    /** How a post ended. */
    enum Outcome {
        /** stored and handed to the bus */
        STORED,
        /** refused for what it asked: a bad room name or text, or too many new rooms */
        REFUSED,
        /** the store failed: nothing was stored */
        FAILED
    }

    /** A post took {@code nanos} from its checks to its answer (stored and published, or refused). */
    void posted(Outcome outcome, long nanos);

    /**
     * A stream was opened with a {@code Last-Event-ID}: {@code exact} when it got exactly the messages it
     * missed, otherwise it was reset to the recent history (it missed more than a history, or sent an id the
     * room never had).
     */
    void resumed(boolean exact);

    /** Counts nothing. */
    ChatMetrics NONE = new ChatMetrics() {
        @Override
        public void posted(Outcome outcome, long nanos) {}

        @Override
        public void resumed(boolean exact) {}
    };
}
