package parley.web;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event streams open on this node, capped by {@code --max-streams}: each holds a connection, so a
 * descriptor, and memory. A stream beyond the cap is refused with 503 while the process still has
 * descriptors to answer it with, instead of the accept failing ("Too many open files") for everyone.
 */
final class NodeStreams {
    private static final Logger log = LoggerFactory.getLogger(NodeStreams.class);
    private static final long LOG_EVERY_NANOS = 60_000_000_000L;

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong refusedSinceLog = new AtomicLong();
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    NodeStreams(int max) {
        this.max = max;
    }

    /** Counts a new stream, unless {@link #max} are open already; then the refusal is counted. */
    boolean tryOpen() {
        int now;
        do {
            now = open.get();
            if (now >= max) {
                refused();
                return false;
            }
        } while (!open.compareAndSet(now, now + 1));
        return true;
    }

    /** A stream counted by {@link #tryOpen} has ended (or was never started). */
    void closed() {
        open.decrementAndGet();
    }

    int open() {
        return open.get();
    }

    int max() {
        return max;
    }

    /** One line a minute at most while the node is full, however many streams it refuses. */
    private void refused() {
        long refused = refusedSinceLog.incrementAndGet();
        long last = lastLog.get();
        long now = System.nanoTime();
        if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
            refusedSinceLog.addAndGet(-refused);
            log.warn("This node holds --max-streams {} event streams: new ones are refused with 503 until some close "
                    + "({} refused since the last line). More nodes, or more descriptors and memory with a higher "
                    + "--max-streams, would take them: see docs/capacity.md.", max, refused);
        }
    }
}
