package parley.live;

/**
 * What the fan-out counts for the operator (GET /metrics): implemented with Micrometer where the node is
 * wired, or {@link #NONE}. Called on the fan-out's hot path, once per broadcast and not once per stream:
 * an implementation must be a cheap counter that never blocks.
 */
public interface LiveMetrics {
    /** One broadcast queued its frame on {@code streams} streams (a message or a presence change). */
    void queued(int streams);

    /** A stream whose client stopped reading filled its buffer and was dropped: its connection is closed. */
    void slowClientDropped();

    /** Counts nothing. */
    LiveMetrics NONE = new LiveMetrics() {
        @Override
        public void queued(int streams) {}

        @Override
        public void slowClientDropped() {}
    };
}
